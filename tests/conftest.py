"""Shared test set-up: the tests' own modules on the path, no terminal size in the environment, and the
hypothesis profiles.

`HYPOTHESIS_PROFILE` picks a profile: `default` (the suite's, hypothesis' own defaults with no
deadline) or `heavy` (ten times the examples, for a long run by hand:
`HYPOTHESIS_PROFILE=heavy bash .ci/venv pytest tests/evaluation/test_time_forward.py`). Property
tests that set their own `max_examples` scale it from the profile's (`settings.default.max_examples`): the fuzz
harness of the input files runs 5 real `comply` processes per test by default and 50 under heavy
(`HYPOTHESIS_PROFILE=heavy bash .ci/venv pytest tests/test_fuzz_inputs.py -p no:randomly`, about 10 minutes).
"""

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

# The width of the terminal pytest runs in is not the tests' business: a `comply` they start prints to a pipe, at
# its default width unless the test sets COLUMNS. pytest-xdist's workers inherit COLUMNS=80 (and LINES), which made
# `comply check` wrap its header and cut its references.
for _name in ("COLUMNS", "LINES"):
    os.environ.pop(_name, None)

settings.register_profile("default", deadline=None)
settings.register_profile(
    "heavy", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
