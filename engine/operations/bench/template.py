"""Per-authority copies of the seed directions, dated for each synthetic authority.

Why a template rather than 4,000 generated files: every synthetic authority is under the same four
seed directions, only later by a number of days (the generator's manifest gives each authority's
shift). Reading and validating 4,000 YAML files would cost more than evaluating them; shifting the
four validated seed directions in memory gives the same Direction models. The bundled direction
files are not changed: each copy is the seed with `authority` replaced and every calendar date
(the direction's date, its in-force dates, fixed due dates, appointment dates) moved by the
shift. Periods ("3 months after the direction date") follow the shifted date by themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.directions.model import Direction


def _shift(value: Any, days: dt.timedelta) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value + days
    if isinstance(value, dict):
        return {k: _shift(v, days) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, days) for v in value]
    return value


def shifted(direction: Direction, authority: str, days: int) -> Direction:
    """The direction as it would bind `authority`, with every date `days` later (validated)."""
    data = _shift(direction.model_dump(by_alias=True), dt.timedelta(days=days))
    data["authority"] = authority
    return Direction.model_validate(data)


#: (id of the seed list, days) -> (the seed list, its directions shifted by that many days): there
#: are at most 365 shifts for any number of authorities, so each is validated once per process
_by_shift: dict[tuple[int, int], tuple[list[Direction], list[Direction]]] = {}


def for_authority(seed: list[Direction], authority: str, days: int) -> list[Direction]:
    """All the seed directions, shifted for one authority (sorted by id, as load_directions gives)."""
    key = (id(seed), days)
    if key not in _by_shift or _by_shift[key][0] is not seed:
        _by_shift[key] = (seed, [shifted(d, "template", days) for d in seed])
    # the authority is a plain slug field: copying with it replaced needs no re-validation
    return [d.model_copy(update={"authority": authority}) for d in _by_shift[key][1]]
