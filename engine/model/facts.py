"""The facts the store holds, as pydantic models: what `comply import` and `comply record` accept.

Why models separate from the store: one validation for every way a fact arrives (a YAML or CSV
import, a `comply record` command), with messages that name the field. Times are read as London
wall-clock time unless they carry an offset; every date and time is read by engine/core/dates.py
(the forms are in docs/facts-and-import.md, "Dates and times"). Where the papers do
not say exactly when something happened, give `received_between` rather than
inventing a time: a finding then reads as unknown, never as met on a guess.

The format is documented in docs/facts-and-import.md.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pendulum import DateTime
from pydantic import BaseModel, ConfigDict, Field, model_validator

from engine.core import calendar, dates
from engine.core.errors import InputError
from engine.model.specs import Day, Instant

#: the highest occurrence a fact may answer (the 10,000th report of a duty): keeps integers far inside SQLite's
#: 64-bit range and the engine's dates (an occurrence of 10^20 was stored, then broke evaluation)
MAX_OCCURRENCE = 10_000

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")]


class Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    source: str | None = None  # where the fact comes from: a seed paper and section, or who recorded it
    note: str | None = None


class AuthorityFact(Fact):
    key: Slug
    name: str
    absence_proves_breach: bool = True  # False: a missing record reads as unknown, not breached


class PoliticalGroup(Fact):
    key: Slug
    name: str
    start: Day | None = Field(None, alias="from")
    until: Day | None = Field(None, alias="to")
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Person(Fact):
    key: Slug
    name: str
    group: Slug | None = None  # political group, for councillors


class RoleHeld(Fact):
    """A person holds a role (mayor, director-of-childrens-services, intervention-adviser...)."""

    person: Slug
    role: Slug
    start: Day | None = Field(None, alias="from")
    until: Day | None = Field(None, alias="to")
    named_on: Day | None = None  # when the person was named to the role, where that matters
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Board(Fact):
    key: Slug
    name: str


class Membership(Fact):
    """A person sits on a board in a capacity (a role slug) from a date, until a date or still."""

    board: Slug
    person: Slug
    capacity: Slug
    external: bool = False
    start: Day = Field(alias="from")
    until: Day | None = Field(None, alias="to")
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _order(self) -> Membership:
        if self.until is not None and self.until < self.start:
            raise InputError("`to` is before `from`")
        return self


class Tabled(Fact):
    """An item or report tabled at a meeting, presented by a role."""

    meeting: Slug | None = None  # given when a tabled item is its own row (CSV, or top-level YAML)
    item: Slug
    presented_by: Slug


class Attendance(Fact):
    meeting: Slug | None = None
    person: Slug
    status: Literal["present", "apologies", "absent", "substitute"] = "present"
    substitute_for: Slug | None = None


class Meeting(Fact):
    key: Slug
    board: Slug
    starts_at: Instant
    public: bool = False
    status: Literal["held", "scheduled", "cancelled"] = "held"
    chair: Slug | None = None  # the person who chaired
    time_known: bool = True  # False: only the day is known (starts_at then gives the day at 00:00)
    # when the meeting's reports, appendices and background papers were published (the access-to-information
    # rules: "available on the Council's website 5 clear working days before the Cabinet meeting", seed
    # 003_5f51d966092a2757.txt, notes); None: not recorded
    papers_published: Instant | None = None
    items_known: bool = True  # False: the papers do not list what was tabled
    attendance_known: bool = True  # False: no record of who attended (an agenda, or a mention in other minutes)
    items: list[Tabled] = []
    attendance: list[Attendance] = []

    @model_validator(mode="after")
    def _attendance(self) -> Meeting:
        if not self.attendance_known and self.attendance:
            raise InputError("`attendance_known: false` with attendance rows: give one or the other")
        return self


class Submission(Fact):
    """Something sent to a recipient in answer to a clause (a quarterly report, a review).

    `occurrence` names which one it answers (1 = the first report): required for a recurring
    clause, 1 by default for a one-off deadline.
    """

    key: Slug
    what: str  # what was sent, in words: "Q1 update report on the Best Value Improvement Plan"
    clause: str | None = None  # the clause id it answers, if any (checked against the direction files)
    occurrence: int | None = Field(None, ge=1, le=MAX_OCCURRENCE)
    recipient: str | None = None
    received: Instant | None = None
    received_between: tuple[Instant, Instant] | None = None

    @model_validator(mode="before")
    @classmethod
    def _a_day_alone_is_the_whole_day(cls, data: Any) -> Any:
        """A day with no time is the whole of that day, never its first moment: `received: 30/12/2017`
        becomes `received_between: [30/12/2017 00:00, 30/12/2017 23:59:59]`, and a `received_between`
        whose latest is a day alone runs to the end of that day ('1/9/2017 to 30/9/2017' is all of
        September). Read as 00:00, a report received "on 30 December" met a 10am deadline that day;
        features/bv-2017.feature's scenario of a report received on the due day at a time the papers do
        not give says it is unknown. Only when something was received: other facts' days keep
        read_instant's reading (the start of the day)."""
        if not isinstance(data, dict):
            return data
        received = data.get("received")
        day = dates.day_alone(received) if received is not None else None
        if day is not None and data.get("received_between") is None:
            data = {k: v for k, v in data.items() if k != "received"}
            data["received_between"] = (calendar.start_of_day_instant(day), calendar.end_of_day_instant(day))
        between = data.get("received_between")
        if isinstance(between, (list, tuple)) and len(between) == 2:
            last = dates.day_alone(between[1])
            if last is not None:
                data = {**data, "received_between": (between[0], calendar.end_of_day_instant(last))}
        return data

    @model_validator(mode="after")
    def _when(self) -> Submission:
        if (self.received is None) == (self.received_between is None):
            raise InputError(
                "give exactly one of `received` (the time it was received) or "
                "`received_between: [earliest, latest]` when the papers do not say exactly"
            )
        if self.received_between and self.received_between[1] < self.received_between[0]:
            earliest, latest = self.received_between
            raise InputError(
                f"received_between: the latest time, {calendar.govuk_words(latest)}, is before the earliest, "
                f"{calendar.govuk_words(earliest)}"
            )
        return self

    def window(self) -> tuple[DateTime, DateTime]:
        if self.received is not None:
            return self.received, self.received
        assert self.received_between is not None
        return self.received_between


class Announcement(Fact):
    """A paper's statement that something WILL be sent ("will be submitted on 29th September 2017").

    Never evidence: a plan is not a record that the thing was sent or received, so a duty it would
    answer stays unknown or breached; the finding shows the announcement beside the missing record
    (engine.kinds.evidence.announced). `announced_on` is the date of the paper that says it (an
    announcement is not known before then); `planned_for` the day it is said it will be sent.
    """

    key: Slug
    what: str  # what is to be sent, in words
    clause: str | None = None  # the clause id it would answer (checked against the direction files)
    occurrence: int | None = Field(None, ge=1, le=MAX_OCCURRENCE)
    recipient: str | None = None
    announced_on: Day
    planned_for: Day

    @model_validator(mode="after")
    def _order(self) -> Announcement:
        if self.planned_for < self.announced_on:
            raise InputError("`planned_for` is before `announced_on`: an announcement looks forward")
        return self


class Request(Fact):
    """A recorded request (for example the Intervention Adviser asking for access to documents)."""

    key: Slug
    type: Slug
    made_at: Instant
    made_by: str | None = None


class Response(Fact):
    request: Slug
    responded_at: Instant


class Decision(Fact):
    """A decision recorded by the council, its executive or a commissioner: an Individual Mayoral Decision
    (its Decision Log No., seed 000_3972a279b67b771e.txt), a Cabinet decision with its executive decision
    notice (seed 003_5f51d966092a2757.txt), a commissioner's decision.

    Why a fact of its own: where a direction transfers a function to commissioners or makes an action need
    someone's prior agreement, compliance is about who decided what, when, and with whose agreement; the
    access-to-information rules judge the notice and papers published before it. Every field the record
    does not give is left out (None): a rule that needs it then reads the decision as unknown, never as met
    on a guess.

    `key` is the record's reference as a key ("imd-15-2017", "cab-2018-12-19-5.2"): a finding about the
    decision ends with it. `decided_by` is the capacity in which it was taken, a role slug as roles and
    memberships write them (`mayor`, `cabinet`, `commissioner`, `full-council`, an officer's role);
    `decider` the person, where recorded. `function` is the function or area it was taken in, a slug the
    direction files name (`grant-making`, `electoral-registration`, `statutory-officer-appointments`).
    Instants are London wall-clock time unless they carry an offset.
    """

    key: Slug
    what: str  # in words: "Establishment of the Best Value Improvement Board"
    reference: str | None = None  # as the record writes it: "Decision Log No. 15"
    decided_at: Instant
    decided_by: Slug | None = None  # the capacity (a role slug); None: not recorded
    decider: Slug | None = None  # the person (a person key); None: not recorded
    function: Slug | None = None  # the function or area; None: not recorded
    meeting: Slug | None = None  # the meeting it was taken at (a Cabinet meeting), if any
    key_decision: bool | None = None  # None: the record does not say
    # notice of the intention to take it: in the Forward Plan or by an individual notice, and when published
    notice: Literal["forward_plan", "individual_notice"] | None = None
    notice_published: Instant | None = None
    # taken under the urgency or the general-exception procedure (short notice allowed, but reported as such)
    procedure: Literal["ordinary", "urgency", "general_exception"] = "ordinary"
    private: bool = False  # considered in private session (exempt information)
    private_notice_published: Instant | None = None  # the notice of intention to conduct business in private
    papers_published: Instant | None = None  # its report and papers published, where not a meeting's
    agreed_by: Slug | None = None  # whose agreement was obtained (a role slug: `commissioner`); None: none recorded
    agreed_at: Instant | None = None  # when the agreement was given; None: not recorded

    @model_validator(mode="after")
    def _order(self) -> Decision:
        if self.agreed_at is not None and self.agreed_by is None:
            raise InputError("`agreed_at` without `agreed_by`: say whose agreement was given")
        if self.private_notice_published is not None and not self.private:
            raise InputError("`private_notice_published` on a decision not taken in private: set `private: true`")
        return self


class Adoption(Fact):
    """Something the council adopted that stays in effect until it is withdrawn or replaced: a corporate
    plan, an improvement plan, a scheme of delegation, adopted to answer a continuing duty ("maintain a
    corporate plan", "implement the improvement plan": the `continuing` rule kind).

    Why a fact of its own, beside `decisions`: a decision adopting a plan says it was adopted on a day, not
    that it is still in effect; an adoption is the state itself, from `adopted_at` until `withdrawn_at`
    (None: still in effect, as far as the records go). A plan replaced by another is withdrawn at the
    instant the new one is adopted. `clause` is the clause id it answers (checked against the direction
    files). Instants are London wall-clock time unless they carry an offset.
    """

    key: Slug
    what: str  # in words: "Corporate Plan 2017-20"
    clause: str  # the clause id it answers
    adopted_at: Instant
    withdrawn_at: Instant | None = None  # None: still in effect

    @model_validator(mode="after")
    def _order(self) -> Adoption:
        if self.withdrawn_at is not None and self.withdrawn_at < self.adopted_at:
            raise InputError("`withdrawn_at` is before `adopted_at`: a plan is withdrawn after it is adopted")
        return self


class Approval(Fact):
    """A third party's approval of something the council submitted for approval (the Secretary of State
    approving an improvement plan): the second step of a `submit_for_approval` duty, whose first step is
    the submission.

    `clause` is the clause id it answers, `occurrence` which submission (None: the first), `by` whose
    approval it was (a role slug as the direction file's `roles:` and the rule's `approver:` write it:
    `secretary-of-state`); an approval by anyone else does not answer the duty.
    """

    key: Slug
    what: str | None = None  # in words: "the Secretary of State's approval of the improvement plan"
    clause: str  # the clause id it answers
    occurrence: int | None = Field(None, ge=1, le=MAX_OCCURRENCE)
    by: Slug
    approved_at: Instant


class Interest(Fact):
    """A disclosable pecuniary interest (DPI) a member disclosed at a meeting that was not in the register
    of interests, and when the Monitoring Officer was notified of it for inclusion in the register.

    Why a fact of its own: "Where you have a DPI in any business of the authority which is not included in
    the Member's register of interests and you attend a meeting of the authority at which the business is
    considered, in addition to disclosing the interest to that meeting, you must also within 28 days notify
    the Monitoring Officer of the interest for inclusion in the Register" (seed 002_7d5881941015d02d.txt,
    guidance on declaring interests); the period runs from the meeting, so the fact names it. `disclosed_at`
    is when it was disclosed (the meeting's time where only that is known); `notified_at` None: no
    notification recorded. `registered: true` records an interest already in the register (nothing owed).
    """

    key: Slug
    person: Slug
    what: str  # in words: "a contract between the member's employer and the council"
    meeting: Slug | None = None  # the meeting it was disclosed at
    disclosed_at: Instant
    registered: bool = False  # already in the register of interests: no notification owed
    notified_at: Instant | None = None  # the Monitoring Officer notified for inclusion in the register


class DirectionStatus(Fact):
    """A direction revoked, or reinstated (`in_force` after a revocation), with the date it takes effect.
    `varied` is refused on import (engine.store.importer): a variation is a new version of the direction
    file with `supersedes:` (directions/README.md, Variations)."""

    direction: Slug
    status: Literal["in_force", "varied", "revoked"]
    effective: Day


class Coverage(Fact):
    """Records of a subject (a clause id, or `meetings:<board>`) are complete up to a date:
    before then, a missing record proves a breach; after it, absence reads as unknown."""

    subject: str
    complete_until: Day


KINDS: dict[str, type[Fact]] = {
    "authority": AuthorityFact,
    "political_groups": PoliticalGroup,
    "people": Person,
    "roles": RoleHeld,
    "boards": Board,
    "memberships": Membership,
    "meetings": Meeting,
    "tabled": Tabled,
    "attendance": Attendance,
    "submissions": Submission,
    "announcements": Announcement,
    "requests": Request,
    "responses": Response,
    "decisions": Decision,
    "adoptions": Adoption,
    "approvals": Approval,
    "interests": Interest,
    "direction_status": DirectionStatus,
    "coverage": Coverage,
}
