"""The ids of stored facts that findings cite, and the subjects that coverage facts name.

Why one module: a finding's `evidence` lists fact ids, the desk links each one to the stored fact's
page, and a `coverage` fact ("the records of X are complete until ...") is matched against the
subject a duty reads. If two places spelled an id or a subject differently, a finding would cite a
fact no page can show, or a coverage fact would silently never apply (and an unknown would never
become the breach it is). Every id and subject is spelled here.

Fact ids: `submission:<key>`, `meeting:<key>`, `membership:<board>.<person>.<from>`,
`role:<person>.<role>`, `request:<key>`, `adoption:<key>`, `approval:<key>`; every stored fact has an id (`fact_id`: the same strings, and
one for each other kind), by which `comply fact`, `correct` and `withdraw` name it. Coverage subjects: a clause id, `meetings:<board>`,
`memberships:<board>`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

__all__ = [
    "submission_id",
    "meeting_id",
    "membership_id",
    "role_id",
    "request_id",
    "adoption_id",
    "approval_id",
    "meetings_subject",
    "memberships_subject",
    "board_subjects",
    "FACT_ID_FIELDS",
    "fact_id",
    "id_fields",
    "POLITICAL_GROUPS_SUBJECT",
]


def submission_id(key: str) -> str:
    """`submission:<key>`: a submission (a report received by the Secretary of State, say)."""
    return f"submission:{key}"


def meeting_id(key: str) -> str:
    """`meeting:<key>`: a meeting of a board, with its attendance and the items tabled."""
    return f"meeting:{key}"


def membership_id(board: str, person: str, start: dt.date) -> str:
    """`membership:<board>.<person>.<from>`: one period of a person's membership of a board."""
    return f"membership:{board}.{person}.{start.isoformat()}"


def role_id(person: str, role: str) -> str:
    """`role:<person>.<role>`: a person holding a role (every period of it: one id)."""
    return f"role:{person}.{role}"


def adoption_id(key: str) -> str:
    """`adoption:<key>`: a plan adopted, in effect until withdrawn (engine.model.facts.Adoption)."""
    return f"adoption:{key}"


def approval_id(key: str) -> str:
    """`approval:<key>`: a third party's approval of a submission (engine.model.facts.Approval)."""
    return f"approval:{key}"


def request_id(key: str) -> str:
    """`request:<key>`: a request (and the responses to it)."""
    return f"request:{key}"


def meetings_subject(board: str) -> str:
    """The coverage subject of a board's meetings: `meetings:<board>`."""
    return f"meetings:{board}"


def memberships_subject(board: str) -> str:
    """The coverage subject of a board's memberships: `memberships:<board>`."""
    return f"memberships:{board}"


#: the coverage subject of the authority's political groups: the recorded groups are all the groups on the council
POLITICAL_GROUPS_SUBJECT = "political_groups"


def board_subjects(board: str) -> list[str]:
    """Both coverage subjects of a board: its meetings, then its memberships."""
    return [meetings_subject(board), memberships_subject(board)]


#: How the stored fact of each kind is named (engine.model.facts.KINDS): a prefix and the fields
#: whose values, joined by dots, make the rest. The ids findings cite (above) are the same strings
#: for submissions, meetings and requests; a role is stored per period (`role:<person>.<role>.<from>`),
#: cited as `role:<person>.<role>` (every period), and a membership per capacity
#: (`membership:<board>.<person>.<from>.<capacity>`: one seat can be held in two capacities), cited
#: as `membership:<board>.<person>.<from>`. A cited id names the stored facts it starts. A kind not in
#: this table (one added later) is `<kind>:<key>` if its facts have a key, else `<kind>:<12 hex
#: digits of the SHA-256 of its content>`: every kind has ids without code of its own.
FACT_ID_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "authority": ("authority", ("key",)),
    "political_groups": ("group", ("key",)),
    "people": ("person", ("key",)),
    "roles": ("role", ("person", "role", "start")),
    "boards": ("board", ("key",)),
    "memberships": ("membership", ("board", "person", "start", "capacity")),
    "meetings": ("meeting", ("key",)),
    "tabled": ("tabled", ("meeting", "item")),
    "attendance": ("attendance", ("meeting", "person")),
    "submissions": ("submission", ("key",)),
    "requests": ("request", ("key",)),
    "responses": ("response", ("request", "responded_at")),
    "decisions": ("decision", ("key",)),
    "adoptions": ("adoption", ("key",)),
    "approvals": ("approval", ("key",)),
    "interests": ("interest", ("key",)),
    "direction_status": ("direction-status", ("direction", "effective")),
    "coverage": ("coverage", ("subject", "complete_until")),
}


def fact_id(kind: str, body: dict[str, Any]) -> str:
    """The stable id of a stored fact of `kind` whose fields (by name, dates and instants as ISO
    text, as the store keeps them) are `body`: `submission:bv-q1`, `membership:csib.jo.2017-06-12`,
    `role:john-biggs.mayor.2017-04-07`. Fields that are None are left out of the id."""
    prefix, fields = FACT_ID_FIELDS.get(kind, (kind, ("key",)))
    parts = [str(body[f]) for f in fields if body.get(f) is not None]
    if not parts:  # a kind with no key field: named by its content
        content = json.dumps(body, sort_keys=True, separators=(",", ":"))
        parts = [hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]]
    return f"{prefix}:{'.'.join(parts)}"


def id_fields(kind: str) -> tuple[str, ...]:
    """The fields that make a stored fact's id (a correction may not change them)."""
    return FACT_ID_FIELDS.get(kind, (kind, ("key",)))[1]
