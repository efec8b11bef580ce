"""The rule kinds a clause of a direction file can have: one file per kind, registered by its YAML name.

| kind                | file                   | one obligation per                               | satisfied by                              |
|---------------------|------------------------|--------------------------------------------------|-------------------------------------------|
| `deadline`          | `deadline.py`          | the clause                                       | a submission answering it                 |
| `recurring`         | `recurring.py`         | occurrence (1, 2, ...) within the in-force span  | a submission naming that occurrence       |
| `per_meeting`       | `per_meeting.py`       | meeting of the board                             | the item tabled by the role               |
| `meeting_frequency` | `meeting_frequency.py` | held meeting (gap) or calendar quarter           | a later (public) meeting of the board     |
| `composition`       | `composition.py`       | meeting x requirement (chair, role, group, ext.) | memberships and roles held                |
| `appointment`       | `appointment.py`       | meeting of the board once the duty applies       | a membership in that capacity             |
| `request_response`  | `request_response.py`  | recorded request of the type                     | the response to it                        |
| `transferred_function` | `transferred_function.py` | recorded decision in the functions while transferred | taken by one of the named capacities |
| `prior_agreement`   | `prior_agreement.py`   | recorded decision in the functions               | the agreement recorded, given by then     |
| `expected_appointment` | `expected_appointment.py` | appointee (1..count), a third party's act     | a person named to the role by the date    |
| `continuing`        | `continuing.py`        | the start, and each withdrawal (a lapse)         | an adoption in effect (not withdrawn)     |
| `submit_for_approval` | `submit_for_approval.py` | step: the submission, the approval           | a submission; the approver's approval     |
| `undated`           | `undated.py`           | the clause (no due date: open until done)        | a submission answering it                 |
| `notice_before`     | `notice_before.py`     | recorded (key) decision, or meeting of the board | its notice or papers published in time    |
| `notified_within`   | `notified_within.py`   | recorded interest not in the register            | the Monitoring Officer notified in time   |

`base.py` holds what every kind is and makes (RuleKind, Obligation, Evidence, Context, Reading),
`evidence.py` the stored facts several kinds read as evidence, `decisions.py` what the two kinds
that judge recorded decisions share, `registry.py` the registry and the
plug-in point (`$COMPLY_KINDS`, the `comply.kinds` entry points) for kinds kept outside comply.
Importing this package registers the built-in kinds and then loads the plug-ins.
"""

from engine.kinds import (  # noqa: F401 - each module registers its kind
    appointment,
    board_set_up,
    composition,
    continuing,
    deadline,
    expected_appointment,
    meeting_frequency,
    notice_before,
    notified_within,
    per_meeting,
    prior_agreement,
    recurring,
    request_response,
    submit_for_approval,
    transferred_function,
    undated,
)
from engine.kinds.base import Context, Evidence, Obligation, Occurrence, Reading, RuleKind
from engine.kinds.registry import get, kinds, load_plugins, names, plugin_problems, register, rule_union

__all__ = [
    "Context",
    "Evidence",
    "Obligation",
    "Occurrence",
    "Reading",
    "RuleKind",
    "get",
    "kinds",
    "names",
    "plugin_problems",
    "register",
    "rule_union",
]

load_plugins()
