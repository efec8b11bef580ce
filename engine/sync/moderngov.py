"""`comply moderngov sync`: the council's committees, meetings, agenda items, attendance and councillors, read from
its ModernGov web service and recorded as facts, all or nothing.

Why here, above the store: the sync is one more way facts arrive, so it goes through the same path as an import (the
importer's reference checks, Store's versions), as the source of record for what it brings: a changed meeting
becomes a new version (never an error, never an overwrite), and a second sync of unchanged answers stores no fact.
Everything is read first (engine/sync/client.py), then translated through the mapping file (engine/sync/mapping.py),
then written in one transaction with the sync's own record (engine/store/syncs.py); any failure before the commit
leaves the store as it was.

What the service does not say, and how it is read (each a reading, documented in docs/moderngov.md):

- attendance is published with the minutes, days or weeks after a meeting: a meeting whose attendees are not all
  marked (Present, Apologies, Absent, substitute...) is "attendance not yet known" (`attendance_known: false`),
  never absent;
- a meeting the service lists, not cancelled, whose start has passed is recorded as held; one still to come as
  scheduled; a status saying cancelled as cancelled; moved, postponed or rescheduled as cancelled with a note (the
  new meeting is its own entry in the service);
- who sits on a board: each attendee listed at a meeting with a capacity in the mapping is a member in that capacity
  on that day (`from` and `to` the meeting's day): the list of a meeting, not a standing list;
- political groups: the service gives today's party of each councillor, with no dates, so a group first seen by a
  sync is recorded from that day (`from`), never back-dated onto earlier meetings;
- the service sends no change markers: change is found by comparing content (the `source`, which names the answer's
  SHA-256, is renewed only when the content changes); a meeting the service no longer lists is reported, never
  withdrawn.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.core import calendar, clock, ids
from engine.core.errors import InputError, SourceError, StoreError, unknown
from engine.model import facts as F
from engine.store import syncs
from engine.store.importer import REFERENCED, Row, check_references
from engine.store.sqlite import Store, body_of, normalised
from engine.sync.client import Attendee, MeetingDetail, Service
from engine.sync.config import SyncConfig
from engine.sync.mapping import CommitteeMap, Mapping, load_mapping

__all__ = ["RECORDED_BY", "SyncResult", "sync", "sync_with", "summary", "meeting_key", "ATTENDANCE"]

#: who the versions are recorded by
RECORDED_BY = "moderngov sync"

#: the service's attendance words (lower case) -> comply's; anything else (Expected, blank) is not yet known
ATTENDANCE: dict[str, str] = {
    "present": "present",
    "attended": "present",
    "in attendance": "present",
    "present, virtual": "present",
    "attended virtually": "present",
    "virtual": "present",
    "present as substitute": "substitute",
    "substitute": "substitute",
    "apologies": "apologies",
    "apologies, sent substitute": "apologies",
    "apologies sent substitute": "apologies",
    "absent": "absent",
}
#: statuses (lower case, searched) of a meeting moved to another date
_MOVED = re.compile(r"moved|postpone|reschedul", re.IGNORECASE)


def meeting_key(board: str, meeting_id: int) -> str:
    """The key of a synced meeting: `<board>-mg<ModernGov meeting id>` (stable when the meeting is moved)."""
    return f"{board}-mg{meeting_id}"


@dataclass
class SyncResult:
    """What a sync did: fact versions stored, facts unchanged, meetings read, the boards read ({board: committee
    id}), the sync's id in the store, and its report (unmapped things, meetings no longer listed, notes)."""

    site: str
    window: tuple[dt.date, dt.date]
    stored: int = 0
    unchanged: int = 0
    meetings: int = 0
    boards: dict[str, int] = field(default_factory=dict)
    sync_id: int = 0
    unmapped: list[str] = field(default_factory=list)
    disappeared: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        return {"unmapped": self.unmapped, "disappeared": self.disappeared, "notes": self.notes}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unnamed"


class _Builder:
    """Turns the service's answers into facts through the mapping, collecting what is unmapped."""

    def __init__(self, mapping: Mapping, site: str, now: Any, result: SyncResult):
        self.mapping, self.site, self.now, self.result = mapping, site, now, result
        self.people: dict[str, F.Person] = {}
        self.items: list[tuple[str, F.Fact]] = []
        self._said: set[str] = set()

    def unmapped(self, text: str) -> None:
        if text not in self._said:
            self._said.add(text)
            self.result.unmapped.append(text)

    def person_key(self, member_id: int | None, name: str, where: str, source: str) -> str:
        entry = self.mapping.person(member_id, name)
        if entry is not None:
            key = entry.person
        else:
            key = f"mg-{member_id}" if member_id is not None else f"mg-{_slug(name)}"
            ident = f"member id {member_id}" if member_id is not None else "no member id"
            self.unmapped(f"person: {name!r} ({ident}, {where}) is not in the mapping's people: recorded as {key}")
        if key not in self.people:
            self.people[key] = F.Person(key=key, name=name or key, source=source)
        return key

    def meeting(self, cm: CommitteeMap, d: MeetingDetail) -> list[tuple[str, F.Fact]]:
        board = cm.board
        key = meeting_key(board, d.id)
        source = f"ModernGov {self.site}, GetMeeting?lMeetingId={d.id} (sha256:{d.sha256})"
        when = calendar.day_words(d.day)
        where = f"the {board} meeting of {when} (ModernGov meeting {d.id})"
        starts = f"{d.day.isoformat()}T{d.time[0]:02d}:{d.time[1]:02d}" if d.time else f"{d.day.isoformat()}T00:00"
        notes = []
        status_said = d.status.strip()
        if "cancel" in status_said.lower():
            status = "cancelled"
            notes.append(f"the service says {status_said!r}")
        elif _MOVED.search(status_said):
            status = "cancelled"
            notes.append(f"rescheduled: the service says {status_said!r} (the new date is its own meeting)")
        else:
            status = "held"  # replaced by "scheduled" below for a meeting still to come
        out: list[tuple[str, F.Fact]] = []
        tabled = []
        for number, title in d.items:
            found = self.mapping.item(title, board)
            if found is not None:
                if all(t.item != found.item for t in tabled):
                    tabled.append(F.Tabled(item=found.item, presented_by=found.presented_by))
            elif not self.mapping.ignored(title):
                self.unmapped(f"item: {title!r} (item {number or '?'} of {where}) matches no pattern of the mapping")
        chair = None
        rows: list[F.Attendance] = []
        unknown = not d.attendees
        for a in d.attendees:
            person = self.person_key(a.member_id, a.name, where, source)
            said = a.attendance.strip().lower()
            mark = ATTENDANCE.get(said)
            if mark is None:
                unknown = True
                if said not in ("", "expected", "to attend", "invited"):
                    self.unmapped(f"attendance: {a.attendance!r} ({a.name}, {where}) is not an attendance comply reads")
            elif all(r.person != person for r in rows):
                rows.append(F.Attendance(person=person, status=mark))
            if mark in ("present", "substitute") and re.search(self.mapping.chair, a.role, re.IGNORECASE):
                chair = person
            out += self._membership(cm, d, a, person, source, where)
        try:
            starts_at = calendar.parse_instant(starts)
            if status == "held" and starts_at > self.now:
                status = "scheduled"
        except (InputError, ValueError) as exc:
            raise SourceError(
                f"{self.site}: GetMeeting?lMeetingId={d.id}: the meeting's time {starts}: {exc}"
            ) from None
        attendance_known = status == "held" and not unknown
        if status == "held" and not attendance_known:
            notes.append("attendance not yet published by the service (it comes with the minutes)")
        items_known = bool(d.items) and d.agenda_published is not False
        try:
            meeting = F.Meeting(
                key=key,
                board=board,
                starts_at=starts,
                public=cm.public,
                status=status,
                chair=chair if attendance_known else None,
                time_known=d.time is not None,
                items_known=items_known,
                attendance_known=attendance_known,
                items=tabled if items_known else [],
                attendance=rows if attendance_known else [],
                source=source,
                note="; ".join(notes) or None,
            )
        except (ValidationError, InputError) as exc:
            raise SourceError(f"{self.site}: GetMeeting?lMeetingId={d.id}: cannot be recorded ({exc})") from None
        return [("meetings", meeting), *out]

    def _membership(
        self, cm: CommitteeMap, d: MeetingDetail, a: Attendee, person: str, source: str, where: str
    ) -> list[tuple[str, F.Fact]]:
        if "cancel" in d.status.lower() or _MOVED.search(d.status):
            return []
        entry = self.mapping.person(a.member_id, a.name)
        found = self.mapping.capacity(entry, a.role, cm.board)
        if found is None:
            role = f", role {a.role!r}" if a.role else ""
            self.unmapped(f"capacity: {a.name!r}{role} at {where} has no capacity in the mapping (not a member)")
            return []
        capacity, external = found
        ms = F.Membership(
            board=cm.board,
            person=person,
            capacity=capacity,
            external=external,
            start=d.day,
            until=d.day,
            source=source,
            note="listed at the meeting of this day by the committee system",
        )
        return [("memberships", ms)]


def _stored_bodies(store: Store, authority: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """The latest stored body of every current fact of an authority, by fact id: {id: (kind, body)}."""
    state = store.load(authority)
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for kind in F.KINDS:
        if kind in ("authority", "tabled", "attendance"):
            continue
        for fact in getattr(state, kind, []):
            body = body_of(normalised(kind, fact))
            out[ids.fact_id(kind, body)] = (kind, body)
    return out


def _same_but_source(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def strip(body: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in body.items() if k != "source"}
        for child in ("items", "attendance"):
            if isinstance(out.get(child), list):
                out[child] = [{k: v for k, v in c.items() if k != "source"} for c in out[child]]
        return out

    return strip(a) == strip(b)


def sync(
    store: Store,
    mapping: Mapping,
    site: str,
    start: dt.date,
    end: dt.date,
    committees: list[int] | None = None,
    service: Callable[[str], Service] = Service,
) -> SyncResult:
    """Read the mapped committees' meetings from `start` to `end` (days, inclusive), their agenda items and
    attendance, and the councillors with their parties, and record them as facts of the mapping's authority, with
    this sync's record, in one transaction. `committees` limits the sync to some of the mapped committee ids.

    Raises SourceError (naming the site and the call) when the service fails or answers what cannot be read,
    InputError for a window or committee the mapping does not allow, StoreError for an authority not in the
    store or a store that refuses; nothing is stored then."""
    if end < start:
        raise InputError(f"--to {end.isoformat()} is before --from {start.isoformat()}")
    authority = mapping.authority
    if authority not in store.authorities():
        raise StoreError(
            f"the mapping's authority: {unknown('authority', authority, store.authorities(), ' in the store')}; create "
            f"it first (comply import a file with `authority: {{key, name}}`); nothing was stored"
        )
    chosen = list(mapping.committees)
    if committees:
        mapped = {c.committee_id for c in mapping.committees}
        wrong = [c for c in committees if c not in mapped]
        if wrong:
            raise InputError(
                f"--committee {wrong[0]}: not a committee of the mapping (mapped: {', '.join(map(str, sorted(mapped)))})"
            )
        chosen = [c for c in chosen if c.committee_id in committees]
    now = clock.now()
    result = SyncResult(site=site, window=(start, end))
    with service(site) as svc:
        site = svc.site
        result.site = site
        listed, _ = svc.committees()
        on_site = {c.id: c for c in listed}
        for cm in chosen:
            if cm.committee_id not in on_site:
                raise SourceError(
                    f"{site}: GetCommittees: the mapped committee {cm.committee_id} ({cm.board}) is not listed by the "
                    f"site; check the mapping; nothing was stored"
                )
        mapped_ids = {c.committee_id for c in mapping.committees}
        others = [c for c in listed if c.id not in mapped_ids and not c.expired]
        if others:
            shown = ", ".join(f"{c.id} {c.title!r}" for c in others[:5]) + (", ..." if len(others) > 5 else "")
            result.notes.append(f"{len(others)} committees of the site are not mapped (not read): {shown}")
        read: list[tuple[CommitteeMap, MeetingDetail]] = []
        for cm in chosen:
            refs, _ = svc.meetings(cm.committee_id, start, end)
            for ref in refs:
                detail = svc.meeting(ref.id)
                if detail.committee_id not in (None, cm.committee_id):
                    raise SourceError(
                        f"{site}: GetMeeting?lMeetingId={ref.id}: belongs to committee {detail.committee_id}, not "
                        f"{cm.committee_id} as GetMeetings listed it; nothing was stored"
                    )
                if not detail.status:
                    detail.status = ref.status
                read.append((cm, detail))
            result.boards[cm.board] = cm.committee_id
        councillors, councillors_answer = svc.councillors()
    b = _Builder(mapping, site, now, result)
    items: list[tuple[str, F.Fact]] = []
    stored = _stored_bodies(store, authority)
    for cm in chosen:
        title = on_site[cm.committee_id].title
        if ids.fact_id("boards", {"key": cm.board}) in stored:
            result.unchanged += 1  # a board already recorded keeps its name: the mapping says which it is
            continue
        items.append(
            (
                "boards",
                F.Board(
                    key=cm.board,
                    name=cm.name or title,
                    source=f"ModernGov {site}, GetCommittees, committee {cm.committee_id} {title!r}",
                ),
            )
        )
    meetings: list[tuple[str, F.Fact]] = []
    for cm, detail in read:
        meetings += b.meeting(cm, detail)
    result.meetings = len(read)
    state_groups = {fid: body for fid, (kind, body) in stored.items() if kind == "political_groups"}
    csource = f"ModernGov {site}, GetCouncillorsByWard (sha256:{councillors_answer.sha256})"
    today = now.in_timezone(calendar.LONDON).date()
    groups: dict[str, F.PoliticalGroup] = {}
    left = 0
    counted: set[str] = set()
    for c in councillors:
        if mapping.person(c.id, c.name) is None and f"mg-{c.id}" not in b.people:
            left += 1  # neither mapped nor at a synced meeting: not a member of a board read
            continue
        key = b.person_key(c.id, c.name, "the councillor list", csource)
        mapped = mapping.group(c.party) if c.party else None
        if c.party and mapped is None:
            b.unmapped(f"group: the party {c.party!r} (of {c.name}) is not in the mapping's groups")
        if mapped is None:
            continue
        fid = ids.fact_id("political_groups", {"key": mapped.group})
        if fid in state_groups:
            if mapped.group not in counted:  # stored before (by a sync, or by hand): left as it is
                counted.add(mapped.group)
                result.unchanged += 1
            if state_groups[fid].get("start") is None:
                note = (
                    f"the group {mapped.group} is stored without a `from` date: a councillor's group read today "
                    f"applies to every day; give the group a `from` (comply correct {fid} --set from=DATE)"
                )
                if note not in result.notes:
                    result.notes.append(note)
        elif mapped.group not in groups:
            groups[mapped.group] = F.PoliticalGroup(
                key=mapped.group,
                name=mapped.name or mapped.title,
                start=today,
                source=csource,
                note="first read from the committee system on this day; the service gives no dates",
            )
        b.people[key] = b.people[key].model_copy(update={"group": mapped.group})
    if left:
        result.notes.append(f"{left} councillors are neither in the mapping nor at a meeting read: not recorded")
    people: list[tuple[str, F.Person]] = []
    for key, person in b.people.items():
        fid = ids.fact_id("people", {"key": key})
        if fid in stored:  # a person already stored: only the group is the sync's to change
            body = stored[fid][1]
            keep = F.Person.model_validate({**body, "group": person.group or body.get("group")})
            people.append(("people", keep))
        else:
            people.append(("people", person))
    items += [("political_groups", g) for g in sorted(groups.values(), key=lambda g: g.key)]
    items += sorted(people, key=lambda p: p[1].key)
    items += meetings
    # change is content: a fact equal to the stored one but for its `source` (a new SHA-256) is left as stored
    final: list[tuple[str, F.Fact]] = []
    for kind, fact in items:
        body = body_of(normalised(kind, fact))
        fid = ids.fact_id(kind, body)
        if fid in stored and _same_but_source(stored[fid][1], body):
            result.unchanged += 1
            continue
        final.append((kind, fact))
    seen = {meeting_key(cm.board, d.id) for cm, d in read}
    synced = set(result.boards)
    for fid, (kind, body) in stored.items():
        if kind != "meetings" or body["board"] not in synced or body["key"] in seen:
            continue
        if not re.fullmatch(rf"{re.escape(body['board'])}-mg\d+", body["key"]):
            continue
        day = calendar.parse_instant(body["starts_at"]).in_timezone(calendar.LONDON).date()
        if start <= day <= end:
            result.disappeared.append(
                f"{fid} ({calendar.day_words(day)}) is no longer listed by the service: kept, not deleted; "
                f"if it never took place, comply withdraw {fid} --reason TEXT"
            )
    rows = [Row(kind, fact, f"{kind} {getattr(fact, 'key', '')}".strip()) for kind, fact in final]
    problems = check_references(rows, store.stored_keys(authority, REFERENCED), [])
    if problems:
        raise SourceError(
            f"{site}: the synced facts do not fit the store: " + "; ".join(problems[:5]) + "; nothing was stored"
        )
    with store.transaction("nothing was stored"):
        written = store.write_in_transaction(authority, final, RECORDED_BY, source_of_record=True)
        result.stored = written.stored
        result.unchanged += written.unchanged
        result.sync_id = syncs.record_sync(
            store.conn,
            authority,
            site,
            (start.isoformat(), end.isoformat()),
            result.stored,
            result.unchanged,
            result.report(),
            result.boards,
        )
    return result


def sync_with(
    store: Store,
    config: SyncConfig,
    site: str | None = None,
    mapping_file: Path | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    committees: list[int] | None = None,
) -> SyncResult:
    """sync() with the settings: the site and mapping file given (else the configuration's; the site else the
    mapping's `site:`), the window given (else `days_back` before today to `days_ahead` after it, London days).
    Raises InputError when no mapping file or no site is given anywhere, and whatever sync() raises."""
    path = mapping_file or config.mapping
    if path is None:
        raise InputError("--mapping: give the mapping file (or `mapping` in [moderngov], or $COMPLY_MODERNGOV_MAPPING)")
    mapping = load_mapping(path)
    where = site or config.site or mapping.site
    if not where:
        raise InputError(
            "--site: give the ModernGov site (or `site` in [moderngov], $COMPLY_MODERNGOV_SITE, or `site:` in the "
            "mapping file)"
        )
    today = clock.now().in_timezone(calendar.LONDON).date()
    first = start or today - dt.timedelta(days=config.days_back)
    last = end or today + dt.timedelta(days=config.days_ahead)
    return sync(
        store,
        mapping,
        where,
        first,
        last,
        committees,
        service=lambda s: Service(s, timeout=config.timeout, retries=config.retries),
    )


def summary(result: SyncResult) -> list[str]:
    """The sync in lines for a person: what was read and stored, then what the mapping did not cover, the meetings
    no longer listed, and notes."""
    boards = ", ".join(f"{b} (committee {c})" for b, c in result.boards.items())
    lines = [
        f"moderngov sync of {result.site}, {result.window[0].isoformat()} to {result.window[1].isoformat()}: "
        f"{result.meetings} meetings of {boards or 'no board'}; stored {result.stored} fact versions "
        f"({result.unchanged} already stored unchanged)"
    ]
    lines += [f"  not mapped: {u}" for u in result.unmapped]
    lines += [f"  no longer listed: {d}" for d in result.disappeared]
    lines += [f"  note: {n}" for n in result.notes]
    return lines
