"""Links from what comply sends out (emails, the calendar feed, the Board report) back to the desk.

Why one module: the desk's address is configured once (`desk_url`, or `COMPLY_DESK_URL`), and every output that
points a reader at a finding must build the same address the desk serves (`/finding/<id>?as_of=YYYY-MM-DD`,
engine/web/pages.py), so a change of route is made here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse

__all__ = ["finding_url"]


def finding_url(desk_url: str | None, finding_id: str, as_of_day: dt.date | None = None) -> str | None:
    """The desk's page for the finding `finding_id` as of the London calendar day `as_of_day` (None: the desk's
    own default, today), under the desk's address `desk_url` (e.g. "https://comply.example.org"); None when no
    desk address is configured, so callers leave the link out rather than print a broken one."""
    if not desk_url:
        return None
    url = f"{desk_url.rstrip('/')}/finding/{urllib.parse.quote(finding_id, safe='/')}"
    return url if as_of_day is None else f"{url}?as_of={as_of_day.isoformat()}"
