"""The `continuing` and `submit_for_approval` kinds (issue 15, item 4) and their facts (adoptions, approvals):
validation naming file, line and field; what the importer refuses; `comply record adoption|approval`; and, on
random histories of plans adopted, withdrawn and re-adopted and of submissions and approvals, durable-rules
agrees with the oracle, each finding is what the definition says, and facts dated after the as-of instant
change nothing. The instrument is the illustrative one the scenarios read (tests/scenarios/continuing/)."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest
import yaml
from helpers import comply
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples
from oracle import oracle_evaluate

from engine.core import calendar
from engine.core.yamlfile import FileError
from engine.directions.model import Direction, load_directions
from engine.evaluation.check import check
from engine.kinds.continuing import lapse_words
from engine.model import facts as F
from engine.model.state import AuthorityState
from engine.store.forms import submission_prefill
from engine.store.importer import import_file
from engine.store.sqlite import Store

HERE = Path(__file__).resolve().parents[1] / "scenarios" / "continuing"
CP, IP = "nb-2017.corporate-plan", "nb-2017.improvement-plan"


def instrument(folder: Path, **changes) -> Path:
    """The illustrative instrument written into `folder` (without the paragraph coverage when this checkout's
    model does not know it yet), with changes to its clauses' rules: {clause key: {field: value}}."""
    folder.mkdir(exist_ok=True)
    doc = yaml.safe_load((HERE / "directions" / "nb-2017.yaml").read_text(encoding="utf-8"))
    if "paragraphs" not in Direction.model_fields:
        doc.pop("paragraphs_from", None)
        doc.pop("paragraphs", None)
    for clause in doc["clauses"]:
        clause["rule"].update(changes.get(clause["key"], {}))
    (folder / "nb-2017.yaml").write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def directions(tmp_path_factory) -> list[Direction]:
    return load_directions(instrument(tmp_path_factory.mktemp("nb") / "directions"))


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


def test_a_continuing_duty_that_starts_before_the_direction_is_refused_naming_line_and_field(tmp_path):
    folder = instrument(tmp_path / "d", **{"corporate-plan": {"holds_from": {"date": "2016-12-31"}}})
    with pytest.raises(FileError) as err:
        load_directions(folder)
    text = str(err.value)
    assert "nb-2017.yaml" in text and "line " in text and "holds_from" in text
    assert "before the direction's date" in text


def test_an_approval_due_before_its_submission_is_refused(tmp_path):
    folder = instrument(tmp_path / "d", **{"improvement-plan": {"approval": {"date": "2017-04-01"}}})
    with pytest.raises(FileError, match=r"approval.*falls due before the submission"):
        load_directions(folder)


def test_an_approver_with_no_name_under_roles_is_refused(tmp_path):
    folder = instrument(tmp_path / "d", **{"improvement-plan": {"approver": "secretary-of-sate"}})
    with pytest.raises(FileError, match=r"approver.*'secretary-of-sate' has no name under `roles:`"):
        load_directions(folder)


def test_an_approval_step_the_text_gives_no_date_is_undated(tmp_path):
    """Without `approval:` the approval step has no due date (open until recorded: the worked example's
    improvement plan, tests/kinds/test_decision_kinds.py, evaluates it); its reading says so."""
    folder = instrument(tmp_path / "d")
    doc = yaml.safe_load((folder / "nb-2017.yaml").read_text(encoding="utf-8"))
    del doc["clauses"][1]["rule"]["approval"]
    (folder / "nb-2017.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    (d,) = [d for d in load_directions(folder) if d.id == "nb-2017"]
    rule = d.clauses[1].rule
    assert rule.approval is None
    assert any("No due date for the approval (no `approval:` given)" in r for r in rule.rule_readings())


def facts_file(tmp_path: Path, rows: dict) -> Path:
    data = yaml.safe_load((HERE / "facts" / "northbury.yaml").read_text(encoding="utf-8"))
    for kind, extra in rows.items():
        data.setdefault(kind, []).extend(extra)
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"adoptions": [{"key": "x", "what": "x", "clause": IP, "adopted_at": "2017-03-01"}]},
         r"clause: nb-2017.improvement-plan is a submit_for_approval duty; an adoption answers a continuing duty"),
        ({"adoptions": [{"key": "x", "what": "x", "clause": "nb-2017.nothing", "adopted_at": "2017-03-01"}]},
         r"clause: no clause 'nb-2017.nothing'"),
        ({"adoptions": [{"key": "x", "what": "x", "clause": CP, "adopted_at": "2017-03-01",
                         "withdrawn_at": "2017-02-01"}]},
         r"line \d+.*`withdrawn_at` is before `adopted_at`"),
        ({"approvals": [{"key": "x", "clause": IP, "by": "mayor", "approved_at": "2017-07-01"}]},
         r"by: nb-2017.improvement-plan needs the approval of 'secretary-of-state', got 'mayor'"),
        ({"approvals": [{"key": "x", "clause": CP, "by": "secretary-of-state", "approved_at": "2017-07-01"}]},
         r"clause: nb-2017.corporate-plan is a continuing duty; an approval answers a submit_for_approval duty"),
    ],
)  # fmt: skip
def test_the_importer_refuses_an_adoption_or_approval_that_answers_nothing(tmp_path, directions, rows, message):
    path = facts_file(tmp_path, rows)
    with Store.open(tmp_path / "c.db") as store:
        with pytest.raises(FileError, match=message):
            import_file(store, path, directions)
        assert store.authorities() == []  # nothing stored on refusal


def test_lapse_words():
    assert lapse_words(0) == "less than a minute"
    assert lapse_words(24 * 86400) == "3 weeks and 3 days"
    assert lapse_words(86400 + 3600 + 60) == "1 day and 1 hour"
    assert lapse_words(7 * 86400 + 120) == "1 week and 2 minutes"


# ---------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------


def test_comply_record_adoption_and_approval_then_a_withdrawal_by_correction(tmp_path):
    folder = instrument(tmp_path / "d")
    store = tmp_path / "c.db"

    def run(*args: str):
        return comply(*args, store=store, directions=folder, init=False)

    assert run("init", str(store)).returncode == 0
    assert run("import", str(HERE / "facts" / "northbury.yaml")).returncode == 0
    rec = run("record", "adoption", "--key", "cp-2", "--what", "Corporate Plan (revised)", "--clause", CP,
              "--adopted-at", "25/9/2017 19:00")  # fmt: skip
    assert rec.returncode == 0, rec.stderr
    bad = run("record", "approval", "--key", "a2", "--clause", IP, "--by", "mayor", "--approved-at", "1/8/2017")
    assert bad.returncode == 2 and "needs the approval of 'secretary-of-state'" in bad.stderr
    assert "nothing was recorded" in bad.stderr
    corr = run("correct", "adoption:corporate-plan-2017", "--set", "withdrawn_at=1/9/2017 12:00",
               "--reason", "withdrawn by Full Council")  # fmt: skip
    assert corr.returncode == 0, corr.stderr
    out = run("check", "--as-of", "2017-10-01", "--format", "json")
    assert out.returncode == 0, out.stderr
    found = {f["id"]: f for f in json.loads(out.stdout)["findings"]}
    lapse = found[f"northbury/{CP}/again-after-corporate-plan-2017"]
    assert lapse["status"] == "met_late" and lapse["evidence"] == ["adoption:cp-2"]
    assert any("not in effect for 3 weeks and 3 days" in fact for fact in lapse["explanation"]["facts"])
    assert found[f"northbury/{CP}/held"]["status"] == "met"
    assert found[f"northbury/{IP}/approval"]["status"] == "met"


# ---------------------------------------------------------------------------------------------
# Random histories: the rules agree with the oracle and with the definition; time runs forward
# ---------------------------------------------------------------------------------------------

START = calendar.local(2017, 1, 15).int_timestamp
END = calendar.local(2019, 3, 1).int_timestamp


def at(t: int) -> pendulum.DateTime:
    return pendulum.from_timestamp(t, tz=calendar.LONDON)


instants = st.integers(START - 30 * 86400, END).map(lambda t: t - t % 3600)


@st.composite
def histories(draw):
    adoptions = []
    for n in range(draw(st.integers(0, 4))):
        adopted = draw(instants)
        withdrawn = draw(st.one_of(st.none(), st.integers(adopted, END).map(lambda t: t - t % 3600)))
        adoptions.append(
            F.Adoption(key=f"a{n}", what=f"plan {n}", clause=CP, adopted_at=at(adopted),
                       withdrawn_at=at(withdrawn) if withdrawn is not None else None)
        )  # fmt: skip
    submissions = [
        F.Submission(key=f"s{n}", what="plan", clause=IP, received=at(draw(instants)))
        for n in range(draw(st.integers(0, 2)))
    ]
    approvals = [
        F.Approval(key=f"p{n}", clause=IP, by=draw(st.sampled_from(["secretary-of-state", "mayor"])),
                   approved_at=at(draw(instants)))
        for n in range(draw(st.integers(0, 2)))
    ]  # fmt: skip
    complete = draw(st.booleans())
    state = AuthorityState(
        authority=F.AuthorityFact(key="northbury", name="Northbury", absence_proves_breach=complete),
        adoptions=adoptions,
        submissions=submissions,
        approvals=approvals,
    )
    return state, at(draw(st.integers(START, END)))


def expected_held(state: AuthorityState, due: int, now: int) -> str:
    """The definition of a continuing duty's status at `due` (an adoption's own instant counts as in effect)."""
    spans = [  # a withdrawal still to come at `now` is not known: in effect for good, as far as can be known
        (
            a.adopted_at.int_timestamp,
            ends - 1 if (ends := a.withdrawn_at and a.withdrawn_at.int_timestamp) and ends <= now else 2**62,
        )
        for a in state.adoptions
        if a.adopted_at.int_timestamp <= now
    ]
    if any(s <= due <= u for s, u in spans):
        return "met"
    if any(s > due and u >= due for s, u in spans):
        return "met_late"
    if due >= now:
        return "upcoming-or-due-soon"
    return "breached" if state.authority.absence_proves_breach else "unknown"


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_random_histories_rules_agree_with_oracle_and_definition(directions, history):
    state, as_of = history
    rete = check(state, directions, as_of)
    assert check(state, directions, as_of, evaluator=oracle_evaluate).model_dump() == rete.model_dump()
    found = {f.id.split("/", 1)[1]: f for f in rete.findings}
    now = as_of.int_timestamp
    known = [a for a in state.adoptions if a.adopted_at <= as_of]
    due = calendar.end_of_day_instant(pendulum.date(2017, 3, 31)).int_timestamp
    held = found["nb-2017.corporate-plan/held"]
    want = expected_held(state, due, now)
    assert held.status in (("upcoming", "due_soon") if want == "upcoming-or-due-soon" else (want,)), held
    ends = calendar.end_of_day_instant(pendulum.date(2019, 1, 14)).int_timestamp
    lapses = {
        f"nb-2017.corporate-plan/again-after-{a.key}": a
        for a in known
        if a.withdrawn_at is not None and due <= a.withdrawn_at.int_timestamp <= min(now, ends)
    }
    assert {k for k in found if "again-after" in k} == set(lapses)
    for key, a in lapses.items():
        w = a.withdrawn_at.int_timestamp
        others = type(state)(authority=state.authority, adoptions=[b for b in known if b.key != a.key])
        assert found[key].status == expected_held(others, w, now), (key, found[key])
    approval = found["nb-2017.improvement-plan/approval"]
    firsts = [s.received.int_timestamp for s in state.submissions if s.received <= as_of]
    if approval.status in ("met", "met_late"):
        assert firsts and any(
            p.by == "secretary-of-state" and min(firsts) <= p.approved_at.int_timestamp <= now for p in state.approvals
        )


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), histories())
def test_facts_dated_after_the_as_of_instant_change_nothing(directions, history, later):
    state, as_of = history
    more, _ = later
    t = as_of.int_timestamp
    future = type(state)(
        authority=state.authority,
        adoptions=state.adoptions
        + [a.model_copy(update={"key": "f" + a.key}) for a in more.adoptions if a.adopted_at.int_timestamp > t]
        # a withdrawal still to come is not known: it leaves the adoption in effect
        + [
            a.model_copy(update={"key": "g" + a.key})
            for a in more.adoptions
            if a.adopted_at.int_timestamp <= t and a.withdrawn_at is not None and a.withdrawn_at.int_timestamp > t
        ],
        submissions=state.submissions,
        approvals=state.approvals + [p.model_copy(update={"key": "f" + p.key}) for p in more.approvals
                                     if p.approved_at.int_timestamp > t],
    )  # fmt: skip
    base = type(state)(
        authority=state.authority,
        adoptions=state.adoptions
        + [
            a.model_copy(update={"key": "g" + a.key, "withdrawn_at": None})
            for a in more.adoptions
            if a.adopted_at.int_timestamp <= t and a.withdrawn_at is not None and a.withdrawn_at.int_timestamp > t
        ],
        submissions=state.submissions,
        approvals=state.approvals,
    )
    assert check(future, directions, as_of).model_dump() == check(base, directions, as_of).model_dump()


def test_each_step_says_which_fact_answers_it_and_the_desk_offers_the_submission_form_only_for_the_submission(
    directions,
):
    state = AuthorityState(authority=F.AuthorityFact(key="northbury", name="Northbury"))
    found = {f.id.rsplit("/", 1)[1]: f for f in check(state, directions, calendar.as_of_instant("2017-05-01")).findings}
    assert (found["submission"].answered_by, found["approval"].answered_by, found["held"].answered_by) == (
        "submission",
        "approval",
        "adoption",
    )
    assert submission_prefill(found["submission"]) == {"clause": IP, "occurrence": "1"}
    assert submission_prefill(found["approval"]) is None and submission_prefill(found["held"]) is None
