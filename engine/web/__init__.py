"""The Monitoring Officer's desk: a small server-rendered web application on the SQLite store.

Why Flask: a well-kept WSGI framework with Jinja2 templates (autoescaped HTML), and the two
extensions the desk needs: Flask-Login (sessions of signed-in users) and Flask-WTF's CSRFProtect
(a signed token in every form). `comply serve` runs it under waitress. Each request opens its own
connection to the store (SQLite connections are not shared between waitress's threads), and every
evaluation runs in a worker process (engine/operations/executors.py), never in the server's:
durable-rules never frees a state and can crash its process, so the workers are recycled after a
bounded number of evaluations and replaced (the evaluation retried once) when one dies.

This package holds views only: the factory (`app.py`), what the blueprints share (`request.py`),
the blueprints (`auth.py`, `pages.py`, `record.py`, `board.py`), the templates and the style
sheet. What the pages compute is below it: engine.outputs.worklist (filters, the timeline, the
facts by id), engine.store.forms (form fields to validated facts), engine.store.amend (a member
leaving a board), engine.core.status (the words and colours of the statuses).

Pages: `/` overview (counts by status, filters), `/finding/<id>`, `/fact/<id>`, `/timeline`,
`/record/<form>` (editors only), `/login`, `/logout`, `/report`, `/plan`, `/calendar.ics`. Every
page takes `?as_of=YYYY-MM-DD`.
"""

from __future__ import annotations

from pathlib import Path

from engine.web.app import create_app
from engine.web.request import register_nav_link

__all__ = ["create_app", "register_nav_link", "TEMPLATES"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
