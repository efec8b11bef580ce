"""Given: the records of an authority, as the facts file states them, and the changes a scenario makes
to them (submissions, meetings, memberships, requests and responses, decisions, what is known complete) and to
the direction files (a date, a reading, a revocation, a variation). Every name is resolved by
`steps.names` from the data."""

from __future__ import annotations

import re

from engine.core import calendar
from engine.kinds.registry import reading_phrases
from steps import names
from steps.sentences import DATE, TIME, sentence
from steps.world import World, facts, facts_files

#: a person's name as a sentence writes it ("Councillor Sirajul Islam", "Jane Doe")
NAME = r"[A-Z][A-Za-z' .-]+?"
#: a board by its name ("the Best Value Improvement Board")
BOARD = r"(?P<board>the [A-Z][A-Za-z' ]+?)"

# ---- the records


@sentence(
    "Given",
    r"the records of (?P<authority>.+?) as the council papers state them",
    "the records of Tower Hamlets as the council papers state them",
    "The records",
)
def _records(world: World, authority: str) -> None:
    """The scenario starts from the facts file of that authority (by the end of its name)."""
    known = {}
    for path in names_of_facts():
        data = facts(path)
        known[data["authority"]["name"]] = data
    want = " ".join(authority.split()).lower()
    for name, data in known.items():
        if name.lower() == want or name.lower().endswith(" " + want):
            world.data = data
            return
    raise names.unknown("authority", authority, sorted(known), " among the facts files")


def names_of_facts():
    """The facts files (a function, so that a test may point `$COMPLY_FACTS` elsewhere)."""
    return facts_files()


@sentence("Given", r"the council's records are complete", "the council's records are complete", "The records")
def _all_complete(world: World) -> None:
    """Every record of the council is complete: what is not recorded did not happen."""
    world.data["authority"]["absence_proves_breach"] = True


@sentence(
    "Given",
    r"the council's records of (?P<subject>.+) are complete",
    "the council's records of quarterly reports are complete",
    "The records",
)
def _complete(world: World, subject: str) -> None:
    """The records of one duty ("quarterly reports", "the independent review", "requests and responses
    under paragraph 5a"), or of the meetings or membership of a board, are complete."""
    world.complete(*names.records_subject(world, subject))


# ---- submissions


def _replace_submission(world: World, words: str, recipient: str | None = None, **when: str | list[str]) -> None:
    d = names.duty(world, words)
    clause_id, n = d.direction.clause_id(d.clause), d.occurrence()
    subs = world.rows("submissions")
    subs[:] = [s for s in subs if not (s.get("clause") == clause_id and (s.get("occurrence") or 1) == n)]
    if when:
        row = {
            "key": f"{names.slug(clause_id)}-{n}-scenario",
            "what": f"{d.clause.title}, number {n}",
            "clause": clause_id,
            "recipient": recipient,
            "source": "scenario",
        }
        if d.clause.rule.kind == "recurring":  # a numbered duty: the submission says which occurrence
            row["occurrence"] = n
        row.update(when)
        subs.append(row)


@sentence(
    "Given",
    rf"(?P<what>.+?) was received by (?P<recipient>.+?) at (?P<time>{TIME}) on (?P<date>{DATE})",
    "the first quarterly report was received by the Secretary of State at 10:15 on 30 June 2017",
    "Submissions",
)
def _received_at(world: World, what: str, recipient: str, time: str, date: str) -> None:
    """A report or review (named as its clause calls it) was received at that London time."""
    _replace_submission(world, what, recipient, received=names.wall_clock(date, time))


@sentence(
    "Given",
    rf"(?P<what>.+?) was received by (?P<recipient>.+?) on (?P<date>{DATE}), at a time the papers do not give",
    "the first quarterly report was received by the Secretary of State on 30 June 2017, at a time the papers do not give",
    "Submissions",
)
def _received_on_day(world: World, what: str, recipient: str, date: str) -> None:
    """Received on that day; the time is not known."""
    d = names.day(date).isoformat()
    _replace_submission(world, what, recipient, received_between=[f"{d}T00:00", f"{d}T23:59:59"])


@sentence(
    "Given", r"there is no record of (?P<what>.+)", "there is no record of the first quarterly report", "Submissions"
)
def _no_submission(world: World, what: str) -> None:
    """No submission of that report or review is recorded (nor, for a continuing duty, anything adopted;
    nor, for the approval of something submitted for approval, any approval)."""
    d = names.duty(world, what)
    cid = d.direction.clause_id(d.clause)
    if d.qualifier == "approval":
        world.rows("approvals")[:] = [a for a in world.rows("approvals") if a["clause"] != cid]
    elif type(d.clause.rule).answered_by == "adoption":
        world.rows("adoptions")[:] = [a for a in world.rows("adoptions") if a["clause"] != cid]
    else:
        _replace_submission(world, what)


# ---- meetings

REST = r"(?P<rest>(?:,? (?:with|without) the [^,]+|, chaired by [^,]+|, and the papers do not say what was tabled)*)"


@sentence(
    "Given",
    rf"{BOARD}(?<! first) met(?P<public> in public| in private)?(?: at (?P<time>{TIME}))? on (?P<date>{DATE}){REST}",
    "the Children's Services Improvement Board met at 16:00 on 20 July 2017 with the Director of Children's "
    "Services's progress report, chaired by Alan Wood",
    "Meetings",
)
def _met(world: World, board: str, public: str | None, time: str | None, date: str, rest: str) -> None:
    """The board met (a meeting already recorded that day is now known held); with or without an
    item (named "the <presenter's role>'s <item>"), chaired by someone, or with what was tabled unknown."""
    key_board, when = names.board(world, board), names.day(date)
    existing = world.meetings_on(key_board, when)
    if existing:
        mt = existing[0]
    else:
        mt = {"key": f"{key_board}-{when.isoformat()}", "board": key_board, "starts_at": "", "items": []}
        mt |= {"items_known": True, "source": "scenario"}
        world.rows("meetings").append(mt)
    mt["status"] = "held"
    if time or not existing:
        mt["starts_at"] = names.wall_clock(date, time or "16:00")
    if public:
        mt["public"] = public.strip() == "in public"
    for m in re.finditer(r"(?:^|,)? (?P<how>with|without) (?P<item>the [^,]+)", rest):
        item, presenter = names.item(world, m["item"])
        mt["items_known"] = True
        mt["items"] = [i for i in mt.get("items", []) if i["item"] != item]
        if m["how"] == "with":
            mt["items"].append({"item": item, "presented_by": presenter})
    if "the papers do not say what was tabled" in rest:
        mt["items_known"], mt["items"] = False, []
    chair = re.search(r"chaired by (?P<who>[^,]+)", rest)
    if chair:
        mt["chair"] = names.person(world, chair["who"].strip())


def _meeting(world: World, board: str, date: str) -> dict:
    found = world.meetings_on(names.board(world, board), names.day(date))
    assert found, f"no meeting of {board} on {date} in the records"
    return found[0]


@sentence(
    "Given",
    rf"the meeting of {BOARD} on (?P<date>{DATE}) was chaired by (?P<who>.+)",
    "the meeting of the Best Value Improvement Board on 14 June 2017 was chaired by Councillor Sirajul Islam",
    "Meetings",
)
def _chaired(world: World, board: str, date: str, who: str) -> None:
    """Who chaired a recorded meeting."""
    _meeting(world, board, date)["chair"] = names.person(world, who)


@sentence(
    "Given",
    rf"the meeting of {BOARD} on (?P<date>{DATE}) was (?P<how>held in private|held in public|cancelled)",
    "the meeting of the Best Value Improvement Board on 11 September 2017 was held in public",
    "Meetings",
)
def _meeting_how(world: World, board: str, date: str, how: str) -> None:
    """A recorded meeting (perhaps known only from its agenda) was held, in public or in private, or cancelled."""
    mt = _meeting(world, board, date)
    if how == "cancelled":
        mt["status"] = "cancelled"
    else:
        mt["status"], mt["public"] = "held", how == "held in public"


@sentence(
    "Given",
    rf"(?P<who>{NAME}) (?P<how>attended|sent apologies to) the meeting of {BOARD} on (?P<date>{DATE})",
    "Councillor Peter Golds sent apologies to the meeting of the Best Value Improvement Board on 14 June 2017",
    "Meetings",
)
def _attended(world: World, who: str, how: str, board: str, date: str) -> None:
    """Who attended a recorded meeting, or sent apologies."""
    mt = _meeting(world, board, date)
    person = names.person(world, who)
    mt["attendance_known"] = True
    mt["attendance"] = [a for a in mt.get("attendance", []) if a["person"] != person]
    mt["attendance"].append({"person": person, "status": "present" if how == "attended" else "apologies"})


@sentence(
    "Given",
    rf"the papers do not say who attended the meeting of {BOARD} on (?P<date>{DATE})",
    "the papers do not say who attended the meeting of the Best Value Improvement Board on 14 June 2017",
    "Meetings",
)
def _attendance_unknown(world: World, board: str, date: str) -> None:
    """No record of who attended a recorded meeting (an agenda, or a mention in other papers)."""
    mt = _meeting(world, board, date)
    mt["attendance_known"], mt["attendance"] = False, []


@sentence("Given", rf"{BOARD} never met", "the Best Value Improvement Board never met", "Meetings")
def _never_met(world: World, board: str) -> None:
    """No meeting of the board is recorded."""
    b = names.board(world, board)
    world.data["meetings"] = [mt for mt in world.rows("meetings") if mt["board"] != b]


@sentence(
    "Given",
    rf"{BOARD} first met on (?P<date>{DATE})",
    "the Best Value Improvement Board first met on 11 September 2017",
    "Meetings",
)
def _first_met(world: World, board: str, date: str) -> None:
    """The board's first meeting was on that day: earlier meetings are removed, that day's is held."""
    b, d = names.board(world, board), names.day(date).isoformat()
    world.data["meetings"] = [mt for mt in world.rows("meetings") if mt["board"] != b or str(mt["starts_at"])[:10] >= d]
    for mt in world.rows("meetings"):
        if mt["board"] == b and str(mt["starts_at"])[:10] == d:
            mt["status"] = "held"
    if not any(mt["board"] == b and str(mt["starts_at"])[:10] == d for mt in world.rows("meetings")):
        world.rows("meetings").append(
            {"key": f"{b}-{d}", "board": b, "starts_at": f"{d}T18:00", "status": "held", "public": True,
             "source": "scenario"}
        )  # fmt: skip


# ---- membership


@sentence(
    "Given",
    rf"the (?P<group>.+?) had no member on {BOARD}",
    "the Conservative Group had no member on the Best Value Improvement Board",
    "Membership",
)
def _no_group_member(world: World, group: str, board: str) -> None:
    """No member of the political group sat on the board."""
    g, b = names.group(world, group), names.board(world, board)
    members = {p["key"] for p in world.rows("people") if p.get("group") == g}
    world.data["memberships"] = [
        ms for ms in world.rows("memberships") if not (ms["board"] == b and ms["person"] in members)
    ]


@sentence(
    "Given",
    rf"{BOARD} had no member sitting as (?P<role>.+)",
    "the Best Value Improvement Board had no member sitting as Chief Executive",
    "Membership",
)
def _no_role_member(world: World, board: str, role: str) -> None:
    """No member sat on the board in that capacity (a role's name in the direction files)."""
    b, r = names.board(world, board), names.role(world, role)[0]
    world.data["memberships"] = [
        ms for ms in world.rows("memberships") if not (ms["board"] == b and ms["capacity"] == r)
    ]


@sentence(
    "Given", rf"{BOARD} had no external member", "the Best Value Improvement Board had no external member", "Membership"
)
def _no_external(world: World, board: str) -> None:
    """No member of the board came from outside the council."""
    b = names.board(world, board)
    world.data["memberships"] = [
        ms for ms in world.rows("memberships") if not (ms["board"] == b and ms.get("external"))
    ]


@sentence(
    "Given",
    rf"(?P<who>{NAME}) joined {BOARD} as (?P<role>.+) on (?P<date>{DATE})",
    "Jane Doe joined the Children's Services Improvement Board as Intervention Adviser on 1 June 2017",
    "Membership",
)
def _joined(world: World, who: str, board: str, role: str, date: str) -> None:
    """Someone (a new person if the records do not know the name) joined the board in a capacity;
    external if the direction files say the role is held from outside the council."""
    key, named = names.role(world, role)
    world.rows("memberships").append(
        {"board": names.board(world, board), "person": names.person(world, who, create=True), "capacity": key,
         "external": named.external, "from": names.day(date).isoformat(), "source": "scenario"}
    )  # fmt: skip


@sentence(
    "Given",
    rf"(?P<who>{NAME}) left {BOARD} on (?P<date>{DATE})",
    "Jane Doe left the Children's Services Improvement Board on 1 July 2017",
    "Membership",
)
def _left(world: World, who: str, board: str, date: str) -> None:
    """Someone's membership of the board ended that day."""
    person, b = names.person(world, who), names.board(world, board)
    mine = [ms for ms in world.rows("memberships") if ms["board"] == b and ms["person"] == person]
    assert mine, f"{who} is not a member of {board} in the records"
    for ms in mine:
        ms["to"] = names.day(date).isoformat()


@sentence(
    "Given",
    rf"the (?P<role>[A-Z][A-Za-z' ]+?), (?P<who>{NAME}), was named on (?P<date>{DATE})",
    "the Intervention Adviser, Jane Doe, was named on 1 June 2017",
    "Membership",
)
def _named(world: World, role: str, who: str, date: str) -> None:
    """Someone was named to a role (a role's name in the direction files) that day."""
    d = names.day(date).isoformat()
    world.rows("roles").append(
        {"person": names.person(world, who, create=True), "role": names.role(world, role)[0], "from": d,
         "named_on": d, "source": "scenario"}
    )  # fmt: skip


# ---- requests and responses


@sentence(
    "Given",
    rf"(?P<who>the [A-Z][A-Za-z' ]+?) (?:asked for|gave the council) (?P<what>.+) at (?P<time>{TIME}) on (?P<date>{DATE})",
    "the Intervention Adviser asked for access to the council's case files at 09:00 on 3 July 2017",
    "Requests and responses",
)
def _request(world: World, who: str, what: str, time: str, date: str) -> None:
    """A request (its kind from the words that begin what was asked for, as the direction files'
    `requests:` say) made at that London time."""
    kind = names.request_kind(world, what)
    at = names.wall_clock(date, time)
    key = f"{kind}-{at.replace(':', '').replace('T', '-').lower()}"
    world.rows("requests").append({"key": key, "type": kind, "made_at": at, "made_by": who, "source": "scenario"})
    world.last_request = key


@sentence(
    "Given",
    rf"the council (?:responded|gave it|gave access|complied) at (?P<time>{TIME}) on (?P<date>{DATE})",
    "the council responded at 15:00 on 14 July 2017",
    "Requests and responses",
)
def _response(world: World, time: str, date: str) -> None:
    """The council answered the last request at that London time."""
    assert world.last_request, "no request yet: say first what was asked for"
    world.rows("responses").append(
        {"request": world.last_request, "responded_at": names.wall_clock(date, time), "source": "scenario"}
    )


# ---- decisions


def _decision(world: World, what: str, time: str, date: str, **fields: str) -> None:
    at = names.wall_clock(date, time)
    key = f"decision-{at[:10]}-{names.slug(what)[:40]}".rstrip("-")
    world.last_decision = {"key": key, "what": what, "decided_at": at, **fields, "source": "scenario"}
    world.rows("decisions").append(world.last_decision)


# ---- plans adopted (continuing duties) and approvals


def _instant(date: str, time: str | None) -> str:
    """A London wall-clock time, or the start of the day when the sentence gives no time."""
    return names.wall_clock(date, time or "00:00")


def _adoptions(world: World, words: str) -> tuple[str, list[dict]]:
    """The clause id a continuing duty's words name, and its adoptions (a list the steps edit)."""
    d = names.duty(world, words)
    assert type(d.clause.rule).answered_by == "adoption", (
        f"{words!r}: {d.clause.title} is not a continuing duty (nothing is adopted to answer it)"
    )
    cid = d.direction.clause_id(d.clause)
    return cid, [a for a in world.rows("adoptions") if a["clause"] == cid]


def _adopt(world: World, words: str, at: str) -> None:
    cid, mine = _adoptions(world, words)
    world.rows("adoptions").append(
        {
            "key": f"{names.slug(cid)}-{names.slug(at)}",
            "what": f"{names.duty(world, words).clause.title}, adopted {at}",
            "clause": cid,
            "adopted_at": at,
            "source": "scenario",
        }
    )


def _withdraw(world: World, words: str, at: str) -> None:
    _cid, mine = _adoptions(world, words)
    when = calendar.parse_instant(at)
    current = [a for a in mine if calendar.parse_instant(str(a["adopted_at"])) <= when and not a.get("withdrawn_at")]
    assert current, f"{words!r}: nothing adopted was in effect on {at} to be withdrawn"
    max(current, key=lambda a: calendar.parse_instant(str(a["adopted_at"])))["withdrawn_at"] = at


# ---- decisions, papers and interests (the access-to-information rules)

DECISION_KINDS = {
    "a key decision": {"key_decision": True},
    "a decision not key": {"key_decision": False},
    "a decision not recorded as key or not": {},
    "a decision in private": {"key_decision": False, "private": True},
}
PROCEDURES = {" under the urgency procedure": "urgency", " under the general-exception procedure": "general_exception"}


@sentence(
    "Given",
    rf"the (?P<role>[A-Z][A-Za-z' ]+?) decided \"(?P<what>[^\"]+)\" in (?P<function>[a-z][a-z ]+?) "
    rf"at (?P<time>{TIME}) on (?P<date>{DATE})",
    'the Mayor decided "Emergency grant to a festival" in grant making at 16:00 on 5 March 2015',
    "Decisions",
)
def _decided(world: World, role: str, what: str, function: str, time: str, date: str) -> None:
    """A decision recorded as taken in a capacity (a role's name in the direction files) and a function
    (the words of a slug a rule's `functions:` lists), at that London time."""
    _decision(world, what, time, date, decided_by=names.role(world, role)[0], function=names.function(world, function))


@sentence(
    "Given",
    rf"{BOARD} took (?P<kind>{'|'.join(DECISION_KINDS)})(?: at (?P<time>{TIME}))? on (?P<date>{DATE})"
    rf"(?P<procedure>{'|'.join(PROCEDURES)})?",
    "the Cabinet took a key decision at 17:30 on 19 December 2018 under the urgency procedure",
    "Decisions, papers and interests",
)
def _board_decision(world: World, board: str, kind: str, time: str | None, date: str, procedure: str | None) -> None:
    """A decision recorded as taken by the board (its capacity is the board's key), at that London time
    (17:30 when none is given), at the board's meeting that day if one is recorded; key or not, in private,
    or with whether it was a key decision not recorded; under the urgency or general-exception procedure."""
    key_board, when = names.board(world, board), names.day(date)
    key = f"{key_board}-{when.isoformat()}-decision-{len(world.rows('decisions')) + 1}"
    row = {"key": key, "what": f"a decision of {board}", "decided_at": names.wall_clock(date, time or "17:30")}
    row |= {"decided_by": key_board, "source": "scenario", **DECISION_KINDS[kind]}
    if procedure:
        row["procedure"] = PROCEDURES[procedure]
    meeting = world.meetings_on(key_board, when)
    if meeting:
        row["meeting"] = meeting[0]["key"]
    world.rows("decisions").append(row)
    world.last_decision = row


@sentence(
    "Given",
    rf"(?P<what>.+?) was adopted(?: at (?P<time>{TIME}))? on (?P<date>{DATE})",
    "the corporate plan was adopted on 20 March 2019",
    "Plans adopted and approvals",
)
def _adopted(world: World, what: str, time: str | None, date: str) -> None:
    """What a continuing duty asks for (named as its clause calls it) was adopted at that London time, or
    at the start of that day; it stays in effect until withdrawn."""
    _adopt(world, what, _instant(date, time))


@sentence(
    "Given",
    rf"(?P<what>notice|notice of business in private) of (?:the|that) decision was published"
    rf"(?: at (?P<time>{TIME}))? on (?P<date>{DATE})",
    "notice of the decision was published on 21 November 2018",
    "Decisions, papers and interests",
)
def _decision_notice(world: World, what: str, time: str | None, date: str) -> None:
    """The last decision's notice (in the Forward Plan or individually), or its notice of business to be
    taken in private, was published at that London time (09:00 when none is given)."""
    assert world.last_decision, "no decision yet: say first who took it"
    row = world.last_decision
    field = "notice_published" if what == "notice" else "private_notice_published"
    row[field] = names.wall_clock(date, time or "09:00")


@sentence(
    "Given",
    rf"a decision \"(?P<what>[^\"]+)\" was taken in (?P<function>[a-z][a-z ]+?) at (?P<time>{TIME}) "
    rf"on (?P<date>{DATE}), the papers not saying by whom",
    'a decision "Canvass arrangements" was taken in electoral registration at 10:00 on 20 April 2015, '
    "the papers not saying by whom",
    "Decisions",
)
def _decided_by_whom_unknown(world: World, what: str, function: str, time: str, date: str) -> None:
    """A decision whose record does not say in which capacity (by whom) it was taken."""
    _decision(world, what, time, date, function=names.function(world, function))


@sentence(
    "Given",
    rf"the papers for the meeting of {BOARD} on (?P<date>{DATE}) were published(?: at (?P<time>{TIME}))? on "
    rf"(?P<published>{DATE})",
    "the papers for the meeting of the Cabinet on 19 December 2018 were published on 11 December 2018",
    "Decisions, papers and interests",
)
def _papers(world: World, board: str, date: str, time: str | None, published: str) -> None:
    """The meeting's reports, appendices and background papers were published at that London time
    (09:00 when none is given)."""
    _meeting(world, board, date)["papers_published"] = names.wall_clock(published, time or "09:00")


@sentence(
    "Given",
    rf"(?P<what>.+?) was withdrawn(?: at (?P<time>{TIME}))? on (?P<date>{DATE})",
    "the corporate plan was withdrawn on 1 September 2019",
    "Plans adopted and approvals",
)
def _withdrawn(world: World, what: str, time: str | None, date: str) -> None:
    """What was adopted and in effect then was withdrawn at that London time (or the start of that day),
    with nothing in its place."""
    _withdraw(world, what, _instant(date, time))


@sentence(
    "Given",
    rf"(?P<who>{NAME}) disclosed an interest not in the register at the meeting of {BOARD} on (?P<date>{DATE})",
    "Councillor Sirajul Islam disclosed an interest not in the register at the meeting of the Best Value "
    "Improvement Board on 14 June 2017",
    "Decisions, papers and interests",
)
def _interest(world: World, who: str, board: str, date: str) -> None:
    """A disclosable pecuniary interest not in the register, disclosed at the board's meeting that day
    (disclosed at the meeting's time)."""
    mt = _meeting(world, board, date)
    person = names.person(world, who)
    key = f"{person}-{mt['key']}-interest"
    world.rows("interests").append(
        {"key": key, "person": person, "what": "an interest not in the register", "meeting": mt["key"],
         "disclosed_at": mt["starts_at"], "source": "scenario"}
    )  # fmt: skip
    world.last_interest = key


@sentence(
    "Given",
    rf"the (?P<role>[A-Z][A-Za-z' ]+?) decided \"(?P<what>[^\"]+)\" at (?P<time>{TIME}) on (?P<date>{DATE}), "
    "the papers not saying in which function",
    'the Mayor decided "Office accommodation review" at 09:00 on 15 July 2015, the papers not saying in which function',
    "Decisions",
)
def _decided_function_unknown(world: World, role: str, what: str, time: str, date: str) -> None:
    """A decision whose record does not say in which function (or area) it was taken."""
    _decision(world, what, time, date, decided_by=names.role(world, role)[0])


@sentence(
    "Given",
    rf"(?P<what>.+?) was replaced by a new one(?: at (?P<time>{TIME}))? on (?P<date>{DATE})",
    "the corporate plan was replaced by a new one on 1 September 2019",
    "Plans adopted and approvals",
)
def _replaced(world: World, what: str, time: str | None, date: str) -> None:
    """What was in effect was withdrawn and a new one adopted at the same instant."""
    at = _instant(date, time)
    _withdraw(world, what, at)
    _adopt(world, what, at)


@sentence(
    "Given",
    rf"the (?P<role>[A-Z][A-Za-z' ]+?) agreed to it at (?P<time>{TIME}) on (?P<date>{DATE})",
    "the Commissioner agreed to it at 12:00 on 28 May 2015",
    "Decisions",
)
def _agreed(world: World, role: str, time: str, date: str) -> None:
    """The last decision records the agreement of a role (its name in the direction files), given at
    that London time (before or after the decision)."""
    assert world.last_decision is not None, "no decision yet: say first who decided what"
    world.last_decision.update(agreed_by=names.role(world, role)[0], agreed_at=names.wall_clock(date, time))


@sentence(
    "Given",
    r"the (?P<role>[A-Z][A-Za-z' ]+?)'s agreement to it is recorded, but not when",
    "the Commissioner's agreement to it is recorded, but not when",
    "Decisions",
)
def _agreed_when_unknown(world: World, role: str) -> None:
    """The last decision records the agreement of a role, but not when it was given."""
    assert world.last_decision is not None, "no decision yet: say first who decided what"
    world.last_decision.update(agreed_by=names.role(world, role)[0])


@sentence(
    "Given",
    rf"(?P<what>.+?) was approved by (?P<who>.+?)(?: at (?P<time>{TIME}))? on (?P<date>{DATE})",
    "the improvement plan was approved by the Secretary of State on 10 July 2019",
    "Plans adopted and approvals",
)
def _approved(world: World, what: str, who: str, time: str | None, date: str) -> None:
    """What was submitted for approval was approved by someone (a role's name in the direction files) at
    that London time, or at the start of that day."""
    d = names.duty(world, what)
    cid = d.direction.clause_id(d.clause)
    by, _named = names.role(world, who)
    world.rows("approvals")[:] = [a for a in world.rows("approvals") if a["clause"] != cid]
    at = _instant(date, time)
    world.rows("approvals").append(
        {"key": f"{names.slug(cid)}-approved", "clause": cid, "by": by, "approved_at": at, "source": "scenario"}
    )


@sentence(
    "Given",
    rf"the Monitoring Officer was notified of (?:the|that) interest(?: at (?P<time>{TIME}))? on (?P<date>{DATE})",
    "the Monitoring Officer was notified of the interest on 10 July 2017",
    "Decisions, papers and interests",
)
def _notified(world: World, time: str | None, date: str) -> None:
    """The Monitoring Officer was notified of the last interest at that London time (12:00 when none is given)."""
    assert world.last_interest, "no interest yet: say first who disclosed it"
    row = next(r for r in world.rows("interests") if r["key"] == world.last_interest)
    row["notified_at"] = names.wall_clock(date, time or "12:00")


# ---- the directions themselves


@sentence(
    "Given",
    rf"(?P<inst>the .+?) bears the date (?P<date>{DATE})",
    "the children's services direction bears the date 30 November 2017",
    "The directions",
)
def _dated(world: World, inst: str, date: str) -> None:
    """The instrument (as its direction file's `called:` names it) bears another date, in force from it."""
    d = names.day(date).isoformat()
    world.direction_edits.setdefault(names.instrument(world, inst).id, {}).update({"date": d, "in_force": {"from": d}})


@sentence(
    "Given",
    r"(?P<inst>the .+?) (?:is|are) known to be dated only to (?P<month>[A-Z][a-z]+ \d{4})",
    "the children's services direction is known to be dated only to April 2017",
    "The directions",
)
def _dated_to_a_month(world: World, inst: str, month: str) -> None:
    """The instrument's date is known only to a month (`date: {month: ...}`): every due date counted from
    it is known only to a range, in force from the first day of that month."""
    first = names.day(f"1 {month}").isoformat()
    edits = world.direction_edits.setdefault(names.instrument(world, inst).id, {})
    edits.update({"date": {"month": month}, "in_force": {"from": first}})


#: how a sentence says a duty's `owed:` (engine/kinds/undated.py): the words as the direction would put them
OWED = {"as soon as practicable": "as_soon_as_practicable", "regularly": "regularly"}


@sentence(
    "Given",
    r"(?P<duty_words>the .+?) is written with no due date, to be done (?P<owed>" + "|".join(map(re.escape, OWED)) + ")",
    "the independent review is written with no due date, to be done as soon as practicable",
    "The directions",
)
def _undated(world: World, duty_words: str, owed: str) -> None:
    """The duty's clause is read as having no date (rule kind `undated`): open until it is done."""
    duty = names.duty(world, duty_words)
    world.rules[duty.direction.clause_id(duty.clause)] = {"kind": "undated", "owed": OWED[owed]}


@sentence(
    "Given",
    rf"the Secretary of State varied (?P<inst>the .+?) with effect from (?P<date>{DATE}), made on (?P<made>{DATE}),"
    rf" so that (?P<duty_words>the .+?) is due by (?P<due>{DATE})",
    "the Secretary of State varied the Best Value directions with effect from 1 January 2018, made on 15 December "
    "2017, so that the independent review is due by 31 March 2018",
    "The directions",
)
def _varied_to_a_date(world: World, inst: str, date: str, made: str, duty_words: str, due: str) -> None:
    """A new version of the instrument supersedes it from the effective day, giving the duty a date."""
    d = names.instrument(world, inst)
    duty = names.duty(world, duty_words)
    effective = names.day(date).isoformat()
    until = d.in_force.until.isoformat() if d.in_force.until else None
    world.versions[d.id] = {
        "in_force": {"from": effective, "until": until, "reading": "scenario: the variation"},
        "supersedes": {"direction": d.id, "effective": effective, "made": names.day(made).isoformat()},
    }
    world.version_rules[d.clause_id(duty.clause)] = {"kind": "deadline", "due": {"date": names.day(due).isoformat()}}


#: other readings of the open points of the rule kinds (directions/README.md, "Readings as
#: parameters"): the words, the parameter and the value. Parameters of the engine's kinds, not names.
#: how the sentences name each reading of an open point: from the rule kinds (engine.kinds.registry), not here
READINGS = reading_phrases()


@sentence(
    "Given",
    r"(?P<inst>the .+?) (?:is|are) read with (?P<reading>" + "|".join(map(re.escape, READINGS)) + ")",
    "the children's services direction is read with later reports counted from the first due date",
    "The directions",
)
def _read_with(world: World, inst: str, reading: str) -> None:
    """Another reading of an open point: every clause of the instrument whose rule states the parameter takes it."""
    param, value = READINGS[reading]
    edits = world.direction_edits.setdefault(names.instrument(world, inst).id, {})
    edits.setdefault("rule parameters", {})[param] = value


@sentence(
    "Given",
    r"(?P<inst>the .+?) (?:are|is) read as requiring at least (?P<n>\d+) external members",
    "the Best Value directions are read as requiring at least 4 external members",
    "The directions",
)
def _external_members(world: World, inst: str, n: str) -> None:
    """Every clause of the instrument that counts external members requires at least that many."""
    d = names.instrument(world, inst)
    counting = [c for c in d.clauses if hasattr(c.rule, "external_members")]
    assert counting, f"{inst} sets no requirement on external members"
    for c in counting:
        world.rule_edits.setdefault(d.clause_id(c), {})["external_members"] = int(n)


@sentence(
    "Given",
    rf"the Secretary of State revoked (?P<inst>the .+?) with effect from (?P<date>{DATE})",
    "the Secretary of State revoked the children's services direction with effect from 1 January 2018",
    "The directions",
)
def _revoked(world: World, inst: str, date: str) -> None:
    """The instrument was revoked from that day."""
    world.rows("direction_status").append(
        {"direction": names.instrument(world, inst).id, "status": "revoked", "effective": names.day(date).isoformat(),
         "source": "scenario"}
    )  # fmt: skip


@sentence(
    "Given",
    rf"the Secretary of State varied (?P<inst>the .+?) with effect from (?P<date>{DATE}), made on (?P<made>{DATE}),"
    rf" so that (?:it|they) end(?:s)? on (?P<until>{DATE})",
    "the Secretary of State varied the Best Value directions with effect from 1 January 2018, made on 15 December "
    "2017, so that they end on 31 March 2018",
    "The directions",
)
def _varied(world: World, inst: str, date: str, made: str, until: str) -> None:
    """A new version of the instrument supersedes it from the effective day, ending earlier."""
    did, effective = names.instrument(world, inst).id, names.day(date).isoformat()
    world.versions[did] = {
        "in_force": {"from": effective, "until": names.day(until).isoformat(), "reading": "scenario: the varied end"},
        "supersedes": {"direction": did, "effective": effective, "made": names.day(made).isoformat()},
    }


@sentence(
    "Given",
    rf"the Secretary of State reinstated (?P<inst>the .+?) with effect from (?P<date>{DATE})",
    "the Secretary of State reinstated the children's services direction with effect from 1 March 2018",
    "The directions",
)
def _reinstated(world: World, inst: str, date: str) -> None:
    """A revoked instrument is in force again from that day."""
    world.rows("direction_status").append(
        {"direction": names.instrument(world, inst).id, "status": "in_force", "effective": names.day(date).isoformat(),
         "source": "scenario"}
    )  # fmt: skip
