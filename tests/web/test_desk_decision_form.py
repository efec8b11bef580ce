"""The desk's decision form (engine/store/forms.py, templates/record_decision.html), through Flask's test
client: shown to an editor with the functions the direction files name, a bad form answered 422 naming
the field and storing nothing, a good one stored as `comply record decision` would store it."""

from __future__ import annotations

from collections.abc import Callable

from conftest import csrf_token
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
    form = {"key": "imd-15-2017", "what": "Establishment of the Best Value Improvement Board"}
    form |= {"reference": "Decision Log No. 15", "decided_by": "mayor", "decider": "john-biggs"}
    bad = client.post(
        "/record/decision",
        data={**form, "decided_at": "2017-05-02T10:00", "agreed_at": "2017-05-01T10:00",
              "csrf_token": csrf_token(client, "/record/decision")},
    )  # fmt: skip
    assert bad.status_code == 422
    assert "agreed_at` without `agreed_by" in bad.get_data(as_text=True)
    with Store.open(tmp_path / "comply.db") as store:
        assert store.load("tower-hamlets").decisions == bundled  # nothing stored
    good = client.post(
        "/record/decision",
        data={**form, "decided_at": "2017-05-02T10:00", "csrf_token": csrf_token(client, "/record/decision")},
    )
    assert good.status_code == 302, good.get_data(as_text=True)
    with Store.open(tmp_path / "comply.db") as store:
        (d,) = [d for d in store.load("tower-hamlets").decisions if d not in bundled]
    assert (d.key, d.decided_by, d.decider, d.procedure) == ("imd-15-2017", "mayor", "john-biggs", "ordinary")
    assert d.source == "recorded on the desk by ed"
