"""Then: what the findings of the check say: a duty's status, when it falls due and how that was
computed, the reason, the duty holder, the evidence, the readings, and what an instrument gives no
finding for. A sentence about "the finding" means the one the last sentence naming a duty looked at."""

from __future__ import annotations

from engine.core import calendar
from engine.core.status import STATUSES
from engine.model.findings import Finding
from steps import names
from steps.sentences import DATE, TIME, sentence
from steps.world import World

#: the statuses in words: the one table's words (engine/core/status.py), and the two ways a sentence
#: says "breached": "is in breach", and "is overdue" of a duty that is not the council's
STATUS_WORDS = {s.word: s.key for s in STATUSES} | {"in breach": "breached", "overdue": "breached"}
STATUS = "|".join(sorted(STATUS_WORDS, key=len, reverse=True))


def finding(world: World, words: str) -> Finding:
    """The finding a duty's words name; AssertionError saying which findings the clause has otherwise."""
    d = names.duty(world, words)
    ids = d.finding_ids(world)
    f = next((x for x in map(world.find, ids) if x is not None), None)
    if f is None:
        near = [x.id.rsplit("/", 1)[1] for x in world.findings_of(d.clause_id)]
        raise AssertionError(
            f"no finding for {words!r} ({d.clause.title}; looked for {ids or 'an occurrence of that number'}); "
            f"the findings of that clause are for: {', '.join(near) or 'nothing'}"
        )
    world.finding = f
    return f


def last(world: World) -> Finding:
    """The finding the last sentence looked at."""
    assert world.finding is not None, "say first which finding (a sentence naming the duty)"
    return world.finding


def expect_status(world: World, duty_words: str, status_words: str) -> Finding:
    f = finding(world, duty_words)
    want = STATUS_WORDS[status_words]
    assert f.status == want, (
        f"{duty_words}: expected {status_words} ({want}), the engine says {f.status}; "
        f"due {f.due}; {f.explanation.reason} Facts: {f.explanation.facts}"
    )
    if status_words == "overdue":
        assert f.duty_holder.kind != "council", (
            f"'overdue' is said of a duty that is not the council's; {duty_words} is"
        )
    return f


@sentence(
    "Then", rf"(?P<duty_words>.+?) is (?P<status_words>{STATUS})", "the first quarterly report is met late", "Status"
)
def _status(world: World, duty_words: str, status_words: str) -> None:
    """The duty's status: met, met late, in breach (or breached; overdue of a duty not the council's),
    unknown, due soon, open (a duty with no due date, not yet done), upcoming, lapsed."""
    expect_status(world, duty_words, status_words)


@sentence(
    "Then",
    r"the Council is in breach of (?P<duty_words>.+)",
    "the Council is in breach of the independent review",
    "Status",
)
def _council_breach(world: World, duty_words: str) -> None:
    """The duty is the council's and it is in breach."""
    f = expect_status(world, duty_words, "in breach")
    assert f.duty_holder.kind == "council", f"the duty is not the council's: {f.duty_holder}"


@sentence(
    "Then",
    r"the Council has met (?P<duty_words>.+)",
    "the Council has met paragraph 5a for the instruction given on 3 July 2017",
    "Status",
)
def _council_met(world: World, duty_words: str) -> None:
    """The duty is the council's and it is met."""
    f = expect_status(world, duty_words, "met")
    assert f.duty_holder.kind == "council", f"the duty is not the council's: {f.duty_holder}"


@sentence(
    "Then",
    r"there is no (?:finding for )?(?P<duty_words>.+)",
    "there is no seventh quarterly report",
    "Status",
)
def _absent(world: World, duty_words: str) -> None:
    """The check gives no finding for the duty."""
    try:
        duty = names.duty(world, duty_words)
    except AssertionError:  # "there is no seventh quarterly report": the name without its article
        duty = names.duty(world, "the " + duty_words)
    found = [f for f in map(world.find, duty.finding_ids(world)) if f is not None]
    assert not found, f"there is a finding for {duty_words}: {found[0].status}, due {found[0].due}"


@sentence(
    "Then",
    rf"(?P<duty_words>.+?) falls due at (?P<time>{TIME}) (?P<zone>BST|GMT) on (?P<date>{DATE})",
    "the sixth quarterly report falls due at 10:00 BST on 30 September 2018",
    "When a duty falls due",
)
def _due_at(world: World, duty_words: str, time: str, zone: str, date: str) -> None:
    """The duty falls due at that London time (BST or GMT as in force that day)."""
    f = finding(world, duty_words)
    d = names.day(date)
    hour, minute = (int(x) for x in time.split(":"))
    want = calendar.local(d.year, d.month, d.day, hour, minute)
    assert calendar.zone_name(want) == zone, f"{time} on {date} in London is {calendar.zone_name(want)}, not {zone}"
    assert f.due == calendar.iso(want), f"{duty_words}: expected due {calendar.human(want)}, the engine says {f.due}"


@sentence(
    "Then",
    rf"(?P<duty_words>.+?) falls due at the end of (?P<date>{DATE})",
    "the independent review falls due at the end of 1 August 2018",
    "When a duty falls due",
)
def _due_end_of_day(world: World, duty_words: str, date: str) -> None:
    """The duty falls due at the end of that day."""
    f = finding(world, duty_words)
    want = calendar.end_of_day_instant(names.day(date))
    assert f.due == calendar.iso(want), f"{duty_words}: expected due at the end of {date}, the engine says {f.due}"


@sentence(
    "Then",
    r"the computation of the due date says \"(?P<words>[^\"]+)\"",
    'the computation of the due date says "6 weeks from 20 July 2017 end on 31 August 2017"',
    "When a duty falls due",
)
def _computation(world: World, words: str) -> None:
    """A step of how the due date was computed says these words."""
    steps = last(world).explanation.due_computation
    assert any(words in s for s in steps), f"no step of the computation says {words!r}: {steps}"


@sentence(
    "Then",
    r"the reason given is that (?P<words>.+)",
    "the reason given is that it was done, but only after the due time",
    "Reasons, evidence and readings",
)
def _reason(world: World, words: str) -> None:
    """The finding's reason says this."""
    reason = last(world).explanation.reason
    assert words.lower().rstrip(".") in reason.lower(), f"the reason given is {reason!r}, not {words!r}"


@sentence("Then", r"the finding rests on no record", "the finding rests on no record", "Reasons, evidence and readings")
def _no_evidence(world: World) -> None:
    """The finding rests on the absence of a record."""
    f = last(world)
    assert f.evidence == [], f"the finding rests on {f.evidence}"
    assert f.explanation.facts[0].startswith("no record of")


@sentence(
    "Then",
    rf"the finding rests on the meeting of (?P<board>the [A-Z][A-Za-z' ]+?) on (?P<date>{DATE})",
    "the finding rests on the meeting of the Best Value Improvement Board on 14 June 2017",
    "Reasons, evidence and readings",
)
def _meeting_evidence(world: World, board: str, date: str) -> None:
    """The finding's evidence includes the record of that meeting."""
    key = world.meeting_key(names.board(world, board), names.day(date))
    f = last(world)
    assert any(e == f"meeting:{key}" or e.startswith(f"meeting:{key}.") for e in f.evidence), (
        f"the finding rests on {f.evidence}, not on the meeting of {date}"
    )


@sentence(
    "Then",
    r"the finding rests on the record of (?P<who>[A-Z][A-Za-z' .-]+?) as (?P<role>.+)",
    "the finding rests on the record of Mayor John Biggs as Mayor",
    "Reasons, evidence and readings",
)
def _role_evidence(world: World, who: str, role: str) -> None:
    """The finding's evidence includes the record of someone holding a role (a role's name in the direction files)."""
    want = f"role:{names.person(world, who)}.{names.role(world, role)[0]}"
    f = last(world)
    assert any(e == want or e.startswith(want + ".") for e in f.evidence), (
        f"the finding rests on {f.evidence}, not on the record of {who} as {role}"
    )


@sentence(
    "Then",
    rf"the finding rests on the decision of (?P<date>{DATE})",
    "the finding rests on the decision of 10 February 2015",
    "Reasons, evidence and readings",
)
def _decision_evidence(world: World, date: str) -> None:
    """The finding's evidence includes the record of the one decision taken that day."""
    want = f"decision:{world.decision_key(names.day(date))}"
    f = last(world)
    assert want in f.evidence, f"the finding rests on {f.evidence}, not on the decision of {date}"


@sentence(
    "Then",
    r"the readings include \"(?P<words>[^\"]+)\"",
    'the readings include "each later report falls due a quarter after the one before it"',
    "Reasons, evidence and readings",
)
def _readings(world: World, words: str) -> None:
    """One of the readings the finding states (how an open point of the text was read) says this."""
    readings = last(world).explanation.readings
    assert any(words.lower() in r.lower() for r in readings), f"no reading says {words!r}: {readings}"


@sentence(
    "Then",
    r"the facts found say \"(?P<words>[^\"]+)\"",
    'the facts found say "was not in effect for 3 weeks and 3 days"',
    "Reasons, evidence and readings",
)
def _facts_say(world: World, words: str) -> None:
    """The finding's facts (the evidence in words, or what no record shows) say these words."""
    f = last(world)
    assert any(words in fact for fact in f.explanation.facts), f"{f.id}: the facts found are {f.explanation.facts}"


@sentence(
    "Then",
    r"(?P<duty_words>.+?) is (?P<who>the .+?)'s act, not the council's",
    "the approval of the improvement plan is the Secretary of State's act, not the council's",
    "Duty holders",
)
def _whose_step(world: World, duty_words: str, who: str) -> None:
    """One step of a duty (the approval of what was submitted for approval) is someone else's act, and the
    finding says so."""
    f = finding(world, duty_words)
    said = f"{who}'s act, not the council's"
    assert said in f.subject, f"{f.id}: the finding's subject is {f.subject!r}, which does not say {said!r}"


@sentence(
    "Then",
    r"the duty is (?P<who>(?:the )?[A-Z].+?|the .+?)'s, not the council's",
    "the duty is the Intervention Adviser's, not the council's",
    "Duty holders",
)
def _not_council(world: World, who: str) -> None:
    """The duty is someone else's (by the end of the duty holder's name), and the finding says so."""
    f = last(world)
    assert f.duty_holder.kind != "council", f"the duty holder is {f.duty_holder}"
    assert who.lower().removeprefix("the ") in f.duty_holder.name.lower(), f"the duty holder is {f.duty_holder.name}"
    assert "not of the council" in f.explanation.reason, f"the finding does not say so: {f.explanation.reason!r}"


@sentence("Then", r"the duty is the council's", "the duty is the council's", "Duty holders")
def _council_duty(world: World) -> None:
    """The duty is the council's."""
    f = last(world)
    assert f.duty_holder.kind == "council", f"the duty holder is {f.duty_holder}"
    assert "not of the council" not in f.explanation.reason


@sentence(
    "Then",
    r"the duty holder named is the (?P<name>.+)",
    "the duty holder named is the Chair of the Children's Services Improvement Board",
    "Duty holders",
)
def _holder(world: World, name: str) -> None:
    """The duty holder's name, as the direction file gives it."""
    f = last(world)
    assert f.duty_holder.name.lower().removeprefix("the ") == name.lower(), f"the duty holder is {f.duty_holder.name!r}"


@sentence(
    "Then",
    r"nothing under (?P<inst>the .+?) is due soon or upcoming",
    "nothing under the Best Value directions is due soon or upcoming",
    "Instruments",
)
def _nothing_ahead(world: World, inst: str) -> None:
    """No duty of the instrument is still ahead."""
    did = names.instrument(world, inst).id
    ahead = [
        f"{f.id} ({f.status})" for f in world.findings() if f.direction == did and f.status in ("due_soon", "upcoming")
    ]
    assert not ahead, f"still ahead under {inst}: {ahead}"


@sentence(
    "Then",
    rf"nothing under (?P<inst>the .+?) falls due after (?P<date>{DATE})",
    "nothing under the Best Value directions falls due after 30 September 2018",
    "Instruments",
)
def _nothing_after(world: World, inst: str, date: str) -> None:
    """No duty of the instrument falls due after the end of that day."""
    did = names.instrument(world, inst).id
    limit = calendar.end_of_day_instant(names.day(date)).int_timestamp
    late = [
        f"{f.id} (due {f.due})"
        for f in world.findings()
        if f.direction == did and calendar.parse_instant(f.due).int_timestamp > limit
    ]
    assert not late, f"falling due after {date} under {inst}: {late}"


def _about_meeting(world: World, inst: str, board: str, date: str) -> tuple[list[str], str]:
    did = names.instrument(world, inst).id
    key = world.meeting_key(names.board(world, board), names.day(date))
    about = [f.id for f in world.findings() if f.direction == did and f.id.rsplit("/", 1)[1].split(":")[0] == key]
    return about, key


@sentence(
    "Then",
    rf"(?P<inst>the .+?) say nothing about the meeting of (?P<board>the .+?) on (?P<date>{DATE})",
    "the Best Value directions say nothing about the meeting of the Best Value Improvement Board on 18 December 2018",
    "Instruments",
)
def _silent_on_meeting(world: World, inst: str, board: str, date: str) -> None:
    """The instrument gives no finding about that meeting."""
    about, key = _about_meeting(world, inst, board, date)
    after = [
        f.id
        for f in world.findings()
        if f.id.endswith(f"/after-{key}") and f.direction == names.instrument(world, inst).id
    ]
    assert not about + after, f"{inst} still give findings for that meeting: {about + after}"


@sentence(
    "Then",
    rf"(?P<inst>the .+?) give findings for the meeting of (?P<board>the .+?) on (?P<date>{DATE})",
    "the Best Value Improvement Board's terms of reference give findings for the meeting of the Best Value "
    "Improvement Board on 18 December 2018",
    "Instruments",
)
def _speaks_on_meeting(world: World, inst: str, board: str, date: str) -> None:
    """The instrument gives findings about that meeting."""
    about, key = _about_meeting(world, inst, board, date)
    assert about, f"{inst} give no finding for the meeting {key}"
