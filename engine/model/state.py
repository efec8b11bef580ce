"""The authority's state: everything the store knows about one authority, as validated fact models.

Why a model of its own: the evaluation reads it, the rule kinds declare which of its lists they read
(`RuleKind.reads`), and the store fills it (`Store.load`); none of them needs the others to know it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.model import facts as F

__all__ = ["AuthorityState", "LOADED_KINDS"]

#: the lists of AuthorityState that load() can fill (all of them by default)
LOADED_KINDS = (
    "political_groups",
    "people",
    "roles",
    "boards",
    "memberships",
    "meetings",
    "submissions",
    "announcements",
    "requests",
    "responses",
    "decisions",
    "adoptions",
    "approvals",
    "interests",
    "direction_status",
    "coverage",
)


@dataclass
class AuthorityState:
    """Everything the store knows about one authority, as validated fact models."""

    authority: F.AuthorityFact
    political_groups: list[F.PoliticalGroup] = field(default_factory=list)
    people: list[F.Person] = field(default_factory=list)
    roles: list[F.RoleHeld] = field(default_factory=list)
    boards: list[F.Board] = field(default_factory=list)
    memberships: list[F.Membership] = field(default_factory=list)
    meetings: list[F.Meeting] = field(default_factory=list)
    submissions: list[F.Submission] = field(default_factory=list)
    announcements: list[F.Announcement] = field(default_factory=list)  # never evidence: see F.Announcement
    requests: list[F.Request] = field(default_factory=list)
    responses: list[F.Response] = field(default_factory=list)
    decisions: list[F.Decision] = field(default_factory=list)
    adoptions: list[F.Adoption] = field(default_factory=list)  # plans adopted and in effect until withdrawn
    approvals: list[F.Approval] = field(default_factory=list)  # a third party's approval of a submission
    interests: list[F.Interest] = field(default_factory=list)
    direction_status: list[F.DirectionStatus] = field(default_factory=list)
    coverage: list[F.Coverage] = field(default_factory=list)

    def person(self, key: str) -> F.Person | None:
        """The person with this key, or None."""
        return next((p for p in self.people if p.key == key), None)
