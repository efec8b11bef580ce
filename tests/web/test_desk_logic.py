"""The desk's logic without a server: users and the secret key in a real SQLite store, the forms'
validation (the field at fault is named, nothing is stored), filters, the timeline and the
fact pages' index. The browser flows are in tests/test_desk_web.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DIRECTIONS, bundled, store_from

from engine.core import calendar
from engine.evaluation.check import check
from engine.store import users
from engine.store.sqlite import Store, StoreError
from engine.web.factforms import coverage_subjects, validate_form
from engine.web.worklist import Filters, boards_by_clause, fact_index, filter_findings, timeline

Q3 = "tower-hamlets/bv-2017.quarterly-report/3"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = store_from(bundled(), tmp_path)
    yield s
    s.close()


# -- users ------------------------------------------------------------------------------------


def test_a_user_is_stored_with_an_argon2_hash_and_signs_in_only_with_the_password(store: Store):
    users.add_user(store, "mo", "editor", "correct horse")
    stored = store.conn.execute("SELECT password_hash FROM users WHERE name='mo'").fetchone()[0]
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert users.authenticate(store, "mo", "correct horse") == users.User("mo", "editor")
    assert users.authenticate(store, "mo", "wrong horse") is None
    assert users.authenticate(store, "nobody", "correct horse") is None
    assert users.count_users(store) == 1


@pytest.mark.parametrize(
    "name, role, password, field",
    [
        ("", "editor", "long enough", "NAME"),
        ("a b", "editor", "long enough", "NAME"),
        ("mo", "admin", "long enough", "--role"),
        ("mo", "viewer", "short", "password"),
    ],
)
def test_a_bad_user_names_the_field_and_stores_nothing(store: Store, name: str, role: str, password: str, field: str):
    with pytest.raises(ValueError, match=f"^{field}: "):
        users.add_user(store, name, role, password)
    assert users.count_users(store) == 0


def test_a_second_user_of_the_same_name_is_refused(store: Store):
    users.add_user(store, "mo", "viewer", "long enough")
    with pytest.raises(StoreError, match="already exists"):
        users.add_user(store, "mo", "editor", "long enough too")
    assert users.get_user(store, "mo").role == "viewer"


def test_the_secret_key_is_made_once_and_kept_in_the_store(tmp_path: Path):
    with Store.open(tmp_path / "a.db") as s:
        first = users.secret_key(s)
    with Store.open(tmp_path / "a.db") as s:
        assert users.secret_key(s) == first
    with Store.open(tmp_path / "b.db") as s:
        assert users.secret_key(s) != first
    assert len(first) == 64


# -- forms --------------------------------------------------------------------------------------


def test_a_valid_submission_form_gives_the_fact_comply_record_would(store: Store):
    form = {
        "key": "bv-q3",
        "what": "Q3 update report",
        "clause": "bv-2017.quarterly-report",
        "occurrence": "3",
        "received": "2018-01-03T09:00",
        "source": "",
    }
    result = validate_form("submission", form, store.load("tower-hamlets"), DIRECTIONS, "mo")
    assert result.ok, result.errors
    assert result.fact.occurrence == 3 and result.fact.source == "recorded on the desk by mo"
    assert calendar.iso(result.fact.received) == "2018-01-03T09:00:00+00:00"


@pytest.mark.parametrize(
    "name, form, field, words",
    [
        (
            "submission",
            {
                "key": "bv-q3",
                "what": "Q3",
                "clause": "bv-2017.quarterly-report",
                "occurrence": "3",
                "received": "the third of January",
            },
            "received",
            "expected a date",
        ),
        (
            "submission",
            {"key": "bv-q3", "what": "Q3", "clause": "bv-2017.quarterly-report", "occurrence": "3"},
            "received",
            "give exactly one of",
        ),
        (
            "submission",
            {"key": "bv-q3", "what": "Q3", "clause": "bv-2017.quarterly-report", "received": "2018-01-03T09:00"},
            "occurrence",
            "recurs",
        ),
        (
            "submission",
            {
                "key": "bv-q3",
                "what": "Q3",
                "clause": "bv-2017.no-such",
                "occurrence": "1",
                "received": "2018-01-03T09:00",
            },
            "clause",
            "no clause",
        ),
        ("submission", {"key": "Bad Key", "what": "Q3", "received": "2018-01-03T09:00"}, "key", "pattern"),
        ("submission", {"what": "Q3", "received": "2018-01-03T09:00"}, "key", "required"),
        ("meeting", {"key": "csib-2018-02-05", "board": "nope", "starts_at": "2018-02-05T16:00"}, "board", "no board"),
        (
            "meeting",
            {
                "key": "csib-2018-02-05",
                "board": "csib",
                "starts_at": "2018-02-05T16:00",
                "items": "dcs-progress-report director",
            },
            "items",
            "line 1: expected ITEM @ ROLE",
        ),
        ("meeting", {"key": "csib-2018-02-05", "board": "csib"}, "starts_at", "required"),
        (
            "membership",
            {"board": "csib", "person": "john-biggs", "capacity": "mayor", "from": "2018-02-01", "to": "2018-01-01"},
            "to",
            "before",
        ),
        ("coverage", {"subject": "bv-2017.nothing", "complete_until": "2018-01-31"}, "subject", "no clause"),
        ("coverage", {"subject": "bv-2017.quarterly-report", "complete_until": "31/01/2018"}, "complete_until", "date"),
    ],
)
def test_a_bad_form_names_the_field_at_fault(store: Store, name: str, form: dict, field: str, words: str):
    result = validate_form(name, form, store.load("tower-hamlets"), DIRECTIONS, "mo")
    assert not result.ok and result.fact is None
    assert field in result.errors, result.errors
    assert any(words in m for m in result.errors[field]), result.errors


def test_a_meeting_form_reads_items_and_attendance(store: Store):
    state = store.load("tower-hamlets")
    person = state.people[0].key
    form = {
        "key": "csib-2018-02-05",
        "board": "csib",
        "starts_at": "2018-02-05T16:00",
        "public": "on",
        "items": "dcs-progress-report @ director-of-childrens-services\n\n",
        f"attendance-{person}": "apologies",
    }
    result = validate_form("meeting", form, state, DIRECTIONS, "mo")
    assert result.ok, result.errors
    m = result.fact
    assert (
        m.public
        and m.time_known
        and [(i.item, i.presented_by) for i in m.items] == [("dcs-progress-report", "director-of-childrens-services")]
    )
    assert [(a.person, a.status) for a in m.attendance] == [(person, "apologies")]


def test_an_existing_key_is_refused_on_the_key_field(store: Store):
    state = store.load("tower-hamlets")
    existing = state.submissions[0]
    form = {"key": existing.key, "what": "again", "received": "2018-01-03T09:00"}
    assert "key" in validate_form("submission", form, state, DIRECTIONS, "mo").errors
    meeting = state.meetings[0]
    form = {"key": meeting.key, "board": meeting.board, "starts_at": "2018-02-05T16:00"}
    assert "key" in validate_form("meeting", form, state, DIRECTIONS, "mo").errors


def test_coverage_subjects_are_clauses_and_board_records(store: Store):
    subjects = coverage_subjects(store.load("tower-hamlets"), DIRECTIONS)
    assert "bv-2017.quarterly-report" in subjects and "meetings:csib" in subjects and "memberships:bvib" in subjects


# -- what the pages show -------------------------------------------------------------------------


def test_filters_narrow_the_list_and_keep_it_in_due_order(store: Store):
    report = check(store.load("tower-hamlets"), DIRECTIONS, calendar.as_of_instant("2018-02-01"))
    boards = boards_by_clause(DIRECTIONS)
    everything = filter_findings(report, Filters(), boards)
    assert len(everything) == len(report.findings)
    dues = [calendar.parse_instant(f.due) for f in everything]
    assert dues == sorted(dues)
    unknown = filter_findings(report, Filters(status="unknown"), boards)
    assert len(unknown) == report.counts["unknown"] > 0 and {f.status for f in unknown} == {"unknown"}
    csib = filter_findings(report, Filters(board="csib"), boards)
    assert csib and all(boards[f.clause] == "csib" for f in csib) and len(csib) < len(everything)
    bv = filter_findings(report, Filters(direction="bv-2017", status="unknown"), boards)
    assert bv and all(f.direction == "bv-2017" and f.status == "unknown" for f in bv)
    holder = "the DfE Intervention Adviser"
    adviser = filter_findings(report, Filters(holder=holder), boards)
    assert adviser and all(f.duty_holder.name == holder for f in adviser)
    with pytest.raises(ValueError, match="^status: "):
        Filters.from_args({"status": "late"})


def test_the_timeline_groups_the_next_twelve_months_by_month(store: Store):
    as_of = calendar.as_of_instant("2018-02-01")
    report = check(store.load("tower-hamlets"), DIRECTIONS, as_of)
    months = timeline(report, as_of, 12)
    assert [m.label for m in months][:2] == ["February 2018", "March 2018"] and len(months) == 12
    assert months[-1].label == "January 2019"
    listed = [f for m in months for f in m.findings]
    expected = [f for f in report.findings if as_of <= calendar.parse_instant(f.due) < as_of.add(months=12)]
    assert listed and sorted(f.id for f in listed) == sorted(f.id for f in expected)
    for m in months:
        assert all(calendar.parse_instant(f.due).month == m.first_day.month for f in m.findings)
    march = next(m for m in months if m.label == "March 2018")
    assert "tower-hamlets/bv-2017.quarterly-report/4" in [f.id for f in march.findings]


def test_every_fact_a_finding_cites_has_a_page(store: Store):
    state = store.load("tower-hamlets")
    report = check(state, DIRECTIONS, calendar.as_of_instant("2018-02-01"))
    index = fact_index(state)
    cited = {fid for f in report.findings for fid in f.evidence}
    assert cited and cited <= set(index), cited - set(index)
    kinds = {fid.split(":")[0] for fid in cited}
    assert {"submission", "meeting", "membership"} <= kinds
    sub = index[next(fid for fid in cited if fid.startswith("submission:"))]
    assert dict(sub.fields())["what"] and sub.fact.source


def test_another_feature_adds_a_link_to_every_page_s_navigation(tmp_path: Path):
    """engine.web.register_nav_link is the place for more links (here through Flask's own test
    client); the Board report, the plan and the calendar feed use it, carrying the as-of date."""
    import re

    from engine.cli.app import REPO_ROOT
    from engine.web import create_app, register_nav_link

    with store_from(bundled(), tmp_path) as s:
        users.add_user(s, "mo", "viewer", "long enough")
    app = create_app(tmp_path / "comply.db", REPO_ROOT / "directions", directions=DIRECTIONS)
    register_nav_link(app, "Elsewhere", "/elsewhere")
    register_nav_link(app, "Editors' corner", "/corner", editors_only=True)
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    assert client.post("/login", data={"csrf_token": token, "name": "mo", "password": "long enough"}).status_code == 302
    page = client.get("/timeline?as_of=2018-02-01").get_data(as_text=True)
    nav = page[page.index('<nav aria-label="main">') : page.index("</nav>")]
    assert '<a href="/elsewhere">Elsewhere</a>' in nav
    assert "/corner" not in nav  # editors only, and mo is a viewer
    for target, label in (
        ("/plan", "Improvement plan"),
        ("/report", "Board report"),
        ("/calendar.ics", "Calendar (.ics)"),
    ):
        assert f'<a href="{target}?as_of=2018-02-01">{label}</a>' in nav


def test_a_member_leaving_sets_the_last_day_of_that_membership_only(store: Store):
    from engine.store.amend import check_end, end_membership, membership_choice, open_memberships

    state = store.load("tower-hamlets")
    ms = open_memberships(state)[0]
    errors, _, _ = check_end(state, None, "2018-01-01")
    assert set(errors) == {"membership"}
    errors, _, _ = check_end(state, membership_choice(ms), "first of March")
    assert set(errors) == {"to"} and "expected a date" in errors["to"][0]
    errors, _, _ = check_end(state, membership_choice(ms), "2000-01-01")
    assert set(errors) == {"to"} and "before the membership began" in errors["to"][0]
    errors, chosen, day = check_end(state, membership_choice(ms), "2018-03-31")
    assert not errors and chosen == ms
    before = store.counts()
    end_membership(store, "tower-hamlets", chosen, day, "recorded on the desk by mo")
    after = store.load("tower-hamlets")
    changed = [m for m in after.memberships if m.until is not None and m.until.isoformat() == "2018-03-31"]
    assert [(m.board, m.person, m.start) for m in changed] == [(ms.board, ms.person, ms.start)]
    assert "recorded on the desk by mo" in changed[0].note and store.counts() == before
    with pytest.raises(ValueError, match="^membership: .* no longer a current membership"):
        end_membership(store, "tower-hamlets", chosen, day, "again")
