"""Shared test set-up: the tests' own modules on the path, and the hypothesis profiles.

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

settings.register_profile("default", deadline=None)
settings.register_profile(
    "heavy", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
