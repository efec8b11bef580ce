"""The worklist on the desk, through Flask's test client on a real SQLite store of the bundled data:
the sections in urgency order, the hints as links to the forms (editors only), "Show all", the owner
filter and counts, My duties, the department's view of every authority and `?authority=KEY` (404 for
anyone whose role does not see every authority; no form for another authority)."""

from __future__ import annotations

import re
from collections.abc import Callable

from desk_client import PASSWORD
from flask import Flask
from flask.testing import FlaskClient

from engine.core import calendar
from engine.evaluation.check import check
from engine.model import facts as F
from engine.store import owners, runs, users
from engine.store.sqlite import Store

AS_OF = "2018-02-01"
Q2 = "tower-hamlets/bv-2017.quarterly-report/2"
Q3 = "tower-hamlets/bv-2017.quarterly-report/3"


def page(client: FlaskClient, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.status_code, answer.get_data(as_text=True)[-500:])
    return answer.get_data(as_text=True)


def declare_quarterly_reports_complete(app: Flask) -> None:
    with Store.open(app.config["DESK_STORE"]) as s:
        s.write(
            "tower-hamlets",
            [("coverage", F.Coverage(subject="bv-2017.quarterly-report", complete_until="2018-01-31", source="test"))],
            "test",
        )


def test_breaches_come_first_then_unknowns_with_their_hints_and_the_rest_behind_show_all(desk_app, signed_in):
    declare_quarterly_reports_complete(desk_app)
    html = page(signed_in("ed"), f"/?as_of={AS_OF}")
    order = [html.index(f'id="section-{k}"') for k in ("breached", "unknown", "due_soon", "open")]
    assert order == sorted(order) and html.index('id="show-all"') > order[-1]
    breaches = html[order[0] : order[1]]
    assert breaches.index(f"/finding/{Q2}") < breaches.index(f"/finding/{Q3}")  # oldest first
    assert 'id="findings"' not in html  # every finding is behind the link, not on the first screen
    assert "met late" not in html[order[0] :].split('id="show-all"')[0]  # no met-late row on the first screen
    # an unknown's hints: the forms an editor fills in (the submission form prefilled, the coverage form)
    assert "/record/coverage?as_of=2018-02-01&amp;subject=dfe-2017.5g" in html
    assert "/record/submission?as_of=2018-02-01&amp;clause=dfe-2017.5g&amp;occurrence=1" in html
    show_all = re.search(r'id="show-all"><a class="govuk-link" href="([^"]+)">Show all (\d+) findings', html)
    assert show_all and "show=all" in show_all.group(1)
    everything = page(signed_in("ed"), show_all.group(1).replace("&amp;", "&"))
    assert everything.count('<tr class="govuk-table__row" data-finding=') == int(show_all.group(2))


def test_a_viewer_reads_the_hints_but_is_offered_no_form(signed_in):
    html = page(signed_in("vi"), f"/?as_of={AS_OF}")
    assert "Declare the records of dfe-2017.5g complete" in html and "/record/" not in html


def test_counts_by_owner_filter_and_my_duties_are_the_owner_s(desk_app, signed_in):
    with Store.open(desk_app.config["DESK_STORE"]) as s:
        owners.set_owner(s, "tower-hamlets", "clause:bv-2017.quarterly-report", "ed", "test")
    client = signed_in("ed")
    html = page(client, f"/?as_of={AS_OF}")
    row = re.search(r'<tr class="govuk-table__row" data-owner="ed">(.*?)</tr>', html, re.S).group(1)
    link = re.findall(r'href="([^"]+)">(\d+)</a>', row)[-1]  # the total, a link that filters
    assert "owner=ed" in link[0]
    assert 'data-owner="(unassigned)"' in html and ">Unassigned<" in html
    filtered = page(client, link[0].replace("&amp;", "&"))
    assert filtered.count('data-finding="tower-hamlets/bv-2017.quarterly-report/') == int(link[1]) > 0
    assert 'data-finding="tower-hamlets/dfe-2017' not in filtered
    mine = page(client, f"/mine?as_of={AS_OF}")
    assert "My duties" in mine and f"/finding/{Q3}" in mine and 'data-finding="tower-hamlets/dfe-2017' not in mine
    nobody = page(signed_in("vi"), f"/mine?as_of={AS_OF}")  # the viewer owns nothing
    assert nobody.count("None on this date") == 4


def test_the_filters_and_the_section_stay_in_the_url(signed_in):
    client = signed_in("vi")
    html = page(client, f"/?as_of={AS_OF}&direction=dfe-2017&show=all")
    assert 'data-finding="tower-hamlets/bv-2017' not in html and 'data-finding="tower-hamlets/dfe-2017' in html
    assert '<input type="hidden" name="show" value="all">' in html
    back = re.search(r'id="back-to-worklist" href="([^"]+)"', html).group(1)
    assert "direction=dfe-2017" in back and "show" not in back
    assert client.get(f"/?as_of={AS_OF}&status=nonsense").status_code == 400


def add_other_authority_and_a_nightly_run(app: Flask) -> None:
    with Store.open(app.config["DESK_STORE"]) as s:
        s.write("hackney", [("authority", F.AuthorityFact(key="hackney", name="London Borough of Hackney"))], "test")
        users.add_user(s, "dept", "department", PASSWORD)
        users.add_user(s, "admin", "administrator", PASSWORD)
        report = check(s.load("tower-hamlets"), app.config["DESK_DIRECTIONS"], calendar.as_of_instant(AS_OF))
        run = runs.start(s, report.as_of, AS_OF, 30, "test", {}, known_at="2018-02-01T06:00:00Z")
        runs.complete(s, run, report.findings, None)


def test_the_department_sees_every_authority_s_counts_from_the_last_completed_run(desk_app, signed_in):
    add_other_authority_and_a_nightly_run(desk_app)
    client = signed_in("dept")
    html = page(client, "/authorities")
    assert "London Borough of Hackney" in html and "London Borough of Tower Hamlets" in html
    said = re.search(r'id="last-run">(.*?)</', html, re.S).group(1)
    assert "as of 1 February 2018" in said and "completed at" in said, said
    tower = re.search(r'data-authority="tower-hamlets">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'data-status="unknown">54<', tower)
    assert "Not in the last completed nightly run" in re.search(
        r'data-authority="hackney">(.*?)</tr>', html, re.S
    ).group(1)
    assert 'href="/?authority=hackney"' in html
    other = page(client, "/?authority=hackney")
    assert "London Borough of Hackney" in other
    assert 'name="authority" value="hackney"' in other  # the filters keep it
    timeline = page(client, "/timeline?authority=hackney")
    assert 'href="/?authority=hackney' in timeline  # the reading pages' links keep it
    # nobody else reads another authority
    for name in ("vi", "ed"):
        assert signed_in(name).get("/?authority=hackney").status_code == 404
        assert signed_in(name).get("/authorities").status_code == 404
    assert client.get("/?authority=nowhere").status_code == 404


def test_an_administrator_reading_another_authority_is_offered_no_form(desk_app, signed_in):
    add_other_authority_and_a_nightly_run(desk_app)
    admin = signed_in("admin")
    assert "/record/" in page(admin, f"/?as_of={AS_OF}")  # the desk's own authority: the forms
    assert "Every authority" in page(admin, f"/?as_of={AS_OF}")
    other = page(admin, f"/?as_of={AS_OF}&authority=hackney")
    assert "/record/coverage" not in other and "nothing can be recorded for it here" in other


def test_no_completed_nightly_run_is_said(desk_app, signed_in):
    with Store.open(desk_app.config["DESK_STORE"]) as s:
        users.add_user(s, "dept", "department", PASSWORD)
    html = page(signed_in("dept"), "/authorities")
    assert "No completed nightly run" in html


def test_my_duties_is_in_the_navigation(signed_in: Callable[[str], FlaskClient]):
    assert re.search(r'<a [^>]*href="/mine"[^>]*>\s*My duties\s*</a>', page(signed_in("vi"), "/"))


def test_the_worklist_says_its_date_and_a_day_only_meeting_in_words(signed_in):
    """The page's title gave the as-of date in ISO ('Worklist 2017-07-01') and a duty of a meeting whose time
    is not recorded as due 'midnight at the start of 12 June 2017'; both in words now, as `check` says them."""
    html = page(signed_in("vi"), "/?as_of=2017-07-01&show=all")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "1 July 2017" in title and "2017-07-01" not in title
    assert "12 June 2017 (time not recorded)" in html and "midnight at the start of 12 June 2017" not in html
