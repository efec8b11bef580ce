"""The stable JSON of a report's findings: what `comply check --format json` prints and the evidence pack's
findings.json holds, the same text from this one function.

Why a module of its own: `comply check` needs only this, not the evidence pack's zip writer and the store's
evidence files it would import (engine/outputs/evidence_pack.py; about 15 ms of a cold `comply check`,
docs/performance.md).
"""

from __future__ import annotations

import json

from engine.model.findings import Report

__all__ = ["findings_json"]


def findings_json(report: Report) -> str:
    """The stable JSON of a report's findings (indented, UTF-8 text, a newline at the end): what
    `comply check --format json` prints and the evidence pack's findings.json holds."""
    return json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
