"""Shared test set-up: the tests' own modules on the path, no terminal size in the environment, the
hypothesis profiles, and desk passwords hashed at a test's cost (tests/password_hashing.py).

`HYPOTHESIS_PROFILE` picks a profile (tests/hypothesis_profiles.py): `default` (a developer's run: a quarter of
CI's examples), `ci` (`.ci/run`: hypothesis' own defaults with no deadline) or `heavy` (ten times CI's examples, for
a long run by hand: `HYPOTHESIS_PROFILE=heavy bash .ci/venv pytest tests/evaluation/test_time_forward.py`). Property
tests that set their own `max_examples` write it at CI strength through `hypothesis_profiles.examples(n)`: the fuzz
harness of the input files runs 5 real `comply` processes per test under ci, 1 by default and 50 under heavy
(`HYPOTHESIS_PROFILE=heavy bash .ci/venv pytest tests/test_fuzz_inputs.py -p no:randomly`, about 10 minutes).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import hypothesis_profiles  # noqa: E402  (modules of the tests' folder, on the path from the line above)
import password_hashing  # noqa: E402
import pytest  # noqa: E402

# The width of the terminal pytest runs in is not the tests' business: a `comply` they start prints to a pipe, at
# its default width unless the test sets COLUMNS. pytest-xdist's workers inherit COLUMNS=80 (and LINES), which made
# `comply check` wrap its header and cut its references.
for _name in ("COLUMNS", "LINES"):
    os.environ.pop(_name, None)

hypothesis_profiles.load()

# desk passwords hashed at a test's cost in this process (tests/password_hashing.py), except for a test marked
# real_password_hashing
password_hashing.use(password_hashing.TEST)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_password_hashing: hash desk passwords at comply's own cost (tests/password_hashing.py)"
    )


@pytest.fixture(autouse=True)
def _password_hashing_cost(request: pytest.FixtureRequest):
    """The production Argon2 parameters for a test marked real_password_hashing, the test's cost for the others."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        yield
        return
    password_hashing.use(password_hashing.PRODUCTION)
    try:
        yield
    finally:
        password_hashing.use(password_hashing.TEST)
