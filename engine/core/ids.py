"""The ids of stored facts that findings cite, and the subjects that coverage facts name.

Why one module: a finding's `evidence` lists fact ids, the desk links each one to the stored fact's
page, and a `coverage` fact ("the records of X are complete until ...") is matched against the
subject a duty reads. If two places spelled an id or a subject differently, a finding would cite a
fact no page can show, or a coverage fact would silently never apply (and an unknown would never
become the breach it is). Every id and subject is spelled here.

Fact ids: `submission:<key>`, `meeting:<key>`, `membership:<board>.<person>.<from>`,
`role:<person>.<role>`, `request:<key>`. Coverage subjects: a clause id, `meetings:<board>`,
`memberships:<board>`.
"""

from __future__ import annotations

import datetime as dt

__all__ = [
    "submission_id",
    "meeting_id",
    "membership_id",
    "role_id",
    "request_id",
    "meetings_subject",
    "memberships_subject",
    "board_subjects",
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
