"""The desk's decision form (engine/store/forms.py, templates/record_decision.html), through Flask's test
client: shown to an editor with the functions the direction files name and no key to type, a bad form answered
422 naming the field and storing nothing, a good one stored as `comply record decision` would store it."""

from __future__ import annotations

from collections.abc import Callable

from desk_client import csrf_token
from flask.testing import FlaskClient

from engine.store.sqlite import Store


def test_an_editor_records_a_decision_and_a_bad_one_is_refused_naming_the_field(
    signed_in: Callable[[str], FlaskClient], tmp_path
):
    client = signed_in("ed")
    with Store.open(tmp_path / "comply.db") as store:
        bundled = store.load("tower-hamlets").decisions  # the decisions the seed papers record
    assert "imd-15-2017" not in {d.key for d in bundled}
    index = client.get("/record/").get_data(as_text=True)
    assert "/record/decision" in index
    page = client.get("/record/decision")
    assert page.status_code == 200 and 'name="decided_at"' in page.get_data(as_text=True)
    assert "Key" not in page.get_data(as_text=True)  # the key is generated
    form = {"what": "Establishment of the Best Value Improvement Board", "reference": "Decision Log No. 15"}
    form |= {"decided_by": "mayor", "decider": "john-biggs", "procedure": "ordinary"}
    bad = client.post(
        "/record/decision",
        data={**form, "decided_at": ["2", "5", "2017"], "decided_time": "10am", "agreed_at": ["1", "5", "2017"],
              "csrf_token": csrf_token(client, "/record/decision")},
    )  # fmt: skip
    assert bad.status_code == 422
    assert "say whose agreement was given" in bad.get_data(as_text=True)
    with Store.open(tmp_path / "comply.db") as store:
        assert store.load("tower-hamlets").decisions == bundled  # nothing stored
    good = client.post(
        "/record/decision",
        data={**form, "decided_at": ["2", "5", "2017"], "decided_time": "10am",
              "csrf_token": csrf_token(client, "/record/decision")},
    )  # fmt: skip
    assert good.status_code == 302, good.get_data(as_text=True)
    with Store.open(tmp_path / "comply.db") as store:
        (d,) = [d for d in store.load("tower-hamlets").decisions if d not in bundled]
    assert (d.key, d.decided_by, d.decider, d.procedure) == (
        "decision-2017-05-02-decision-log-no-15",
        "mayor",
        "john-biggs",
        "ordinary",
    )
    assert d.source == "recorded on the desk by ed" and d.decided_at.hour == 10
