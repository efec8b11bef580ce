"""What the desk's test-client tests share beside their fixtures: the test users' password and a form's
CSRF token.

A module of its own, not conftest.py: `from conftest import ...` reaches whichever conftest.py was
imported last under that name, and features/conftest.py is one too (a run of tests/web after
features failed to collect nine modules so).
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient

#: the password of the desk's test users (`vi`, `ed`, and the administrators some modules add)
PASSWORD = "long enough"


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the form on the page at `path`."""
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)
