"""The findings of the bundled data, as recorded: a change of layout or speed must not change an answer.

`tests/data/check-first-of-month.json` holds, for every first of the month from April 2017 to
December 2018, each finding's id, status, due instant and evidence as `comply check --format json`
printed them when the file was recorded. A change that alters findings on purpose re-records the
file (`python tests/test_recorded_findings.py --record`) and lists, in its commit message, every
finding that changed and why.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

RECORDED = Path(__file__).resolve().parents[1] / "data" / "check-first-of-month.json"


def first_of_months() -> list[str]:
    return [f"{y}-{m:02d}-01" for y, m in [(2017, m) for m in range(4, 13)] + [(2018, m) for m in range(1, 13)]]


def current(store: Path) -> dict[str, list[dict]]:
    """Each date's findings (id, status, due, evidence), through the command line's own code path."""
    from engine.cli.main import app

    runner = CliRunner()
    if not store.exists():
        made = runner.invoke(app, ["init", "--demo", str(store)])
        assert made.exit_code == 0, made.output
    out: dict[str, list[dict]] = {}
    for day in first_of_months():
        result = runner.invoke(app, ["--store", str(store), "check", "--as-of", day, "--format", "json"])
        assert result.exit_code in (0, 1), result.output
        doc = json.loads(result.stdout)
        out[day] = [{k: f[k] for k in ("id", "status", "due", "evidence")} for f in doc["findings"]]
    return out


def test_the_findings_of_every_first_of_the_month_are_as_recorded(tmp_path):
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    now = current(tmp_path / "comply.db")
    assert sorted(now) == sorted(recorded)
    for day in first_of_months():
        was = {f["id"]: f for f in recorded[day]}
        got = {f["id"]: f for f in now[day]}
        changed = sorted(k for k in was.keys() | got.keys() if was.get(k) != got.get(k))
        assert not changed, f"as of {day}, {len(changed)} findings differ from the record: " + "; ".join(
            f"{k}: recorded {was.get(k)}, now {got.get(k)}" for k in changed[:5]
        )


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        RECORDED.write_text(
            json.dumps(current(Path(tmp) / "comply.db"), indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
