"""The whole pipeline (direction files, store, obligations, rules, findings) gives the same findings
with durable-rules as with the plain-Python oracle, on the bundled data at many as-of dates."""

from __future__ import annotations

import pendulum
from helpers import DIRECTIONS, bundled, store_from
from oracle import oracle_evaluate

from engine.core import calendar
from engine.evaluation.check import check


def test_bundled_data_fortnightly_from_march_2017_to_march_2019(tmp_path):
    data = bundled()
    # a richer state: an adviser, more CSIB meetings, a request answered late, one never answered
    data["people"].append({"key": "ia", "name": "The Intervention Adviser", "source": "test"})
    data["roles"].append({"person": "ia", "role": "intervention-adviser", "named_on": "2017-06-20", "source": "test"})
    data["memberships"].append(
        {
            "board": "csib",
            "person": "ia",
            "capacity": "intervention-adviser",
            "from": "2017-07-01",
            "to": "2018-03-01",
            "source": "test",
        }
    )
    for day in ("2017-07-20", "2017-09-14", "2017-10-19", "2018-01-11", "2018-02-15"):
        data["meetings"].append(
            {
                "key": f"csib-{day}",
                "board": "csib",
                "starts_at": f"{day}T16:00",
                "items": [{"item": "dcs-progress-report", "presented_by": "director-of-childrens-services"}]
                if day != "2017-10-19"
                else [],
                "source": "test",
            }
        )
    data["requests"] = [
        {"key": "r1", "type": "access", "made_at": "2017-08-01T09:00", "source": "test"},
        {"key": "r2", "type": "instruction", "made_at": "2017-09-01T09:00", "source": "test"},
    ]
    data["responses"] = [{"request": "r1", "responded_at": "2017-08-09T12:00", "source": "test"}]
    data["coverage"].append({"subject": "meetings:csib", "complete_until": "2018-06-30", "source": "test"})
    with store_from(data, tmp_path) as store:
        state = store.load("tower-hamlets")
    day = pendulum.date(2017, 3, 1)
    checked = 0
    while day <= pendulum.date(2019, 3, 31):
        as_of = calendar.as_of_instant(day.isoformat())
        by_rete = check(state, DIRECTIONS, as_of)
        by_oracle = check(state, DIRECTIONS, as_of, evaluator=oracle_evaluate)
        assert by_rete.model_dump() == by_oracle.model_dump(), day.isoformat()
        checked += len(by_rete.findings)
        day = day.add(weeks=2)
    assert checked > 3000
