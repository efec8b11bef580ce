"""FINDING_FORMAT (engine/model/findings.py) is the form of a finding that nightly runs record and compare by: a run
compares its findings with the previous run's only when both have the same form. This pin makes a change to
FindingRecord's fields a deliberate choice: raise FINDING_FORMAT when a finding of an earlier release is no longer the
same obligation under the same id or no longer reads as it did (a field renamed or removed, a status renamed, ids
spelled anew); leave it for a field added with a default. Then update the pin below."""

from __future__ import annotations

import hashlib
import json

from engine.model.findings import FINDING_FORMAT, FindingRecord

#: (FINDING_FORMAT, the SHA-256 of FindingRecord's JSON schema) as last decided: format 1 kept when
#: `due_time_known` was added with the default True (ids unchanged; an earlier run's finding of a day-only
#: meeting reads as due at midnight, as it was worded then)
PINNED = (1, "449f0b59be490075c2c0572b2ea7dff0577c9763711ed08c802d487976c4a908")


def schema_hash() -> str:
    return hashlib.sha256(json.dumps(FindingRecord.model_json_schema(), sort_keys=True).encode()).hexdigest()


def test_the_finding_format_was_decided_for_the_record_as_it_stands():
    assert (FINDING_FORMAT, schema_hash()) == PINNED, (
        "FindingRecord changed (or FINDING_FORMAT did): decide whether a finding stored by an earlier release is still "
        "the same obligation under the same id and reads the same (then keep FINDING_FORMAT), or not (then raise it), "
        "and pin the pair (docs/nightly.md, 'After an upgrade')"
    )
