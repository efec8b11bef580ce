"""The hypothesis profiles of the suite, and how a property test that sets its own number of examples follows them.

Why: the property tests are the suite's strongest tests and some of its slowest (a real `comply` process or an
evaluation per example). A developer running the suite by hand wants it quick; CI wants today's full strength; a
long run by hand wants ten times that. One knob, $HYPOTHESIS_PROFILE, chooses, and every property test follows it:

- `default` (a developer's run, `bash .ci/venv pytest`): a quarter of CI's examples (25 where hypothesis' default is
  100), no deadline.
- `ci` (`.ci/run` exports it): hypothesis' own defaults (100 examples), no deadline: the strength the suite had
  before the profiles were split (issue 19).
- `heavy` (by hand): ten times CI's examples, no deadline, the slow-data health checks off.

A test that needs its own count writes it at CI strength and passes it through `examples()`:
`@settings(max_examples=examples(300))` runs 300 examples under `ci`, 75 under `default` and 3,000 under `heavy`.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

#: the profile CI's examples are counted in (hypothesis' default max_examples)
CI_EXAMPLES = 100

settings.register_profile("ci", deadline=None)
settings.register_profile("default", max_examples=CI_EXAMPLES // 4, deadline=None)
settings.register_profile(
    "heavy",
    max_examples=CI_EXAMPLES * 10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: the profile chosen by $HYPOTHESIS_PROFILE (`default` when unset)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")


def load() -> None:
    """Load the profile $HYPOTHESIS_PROFILE names. Raises hypothesis' InvalidArgument for an unknown name."""
    settings.load_profile(PROFILE)


def examples(at_ci: int) -> int:
    """The number of examples for a test that runs `at_ci` under the `ci` profile, scaled to the loaded profile
    (its max_examples against CI's 100): `at_ci` under `ci`, a quarter under `default`, ten times under `heavy`;
    never fewer than 1."""
    return max(1, at_ci * settings.default.max_examples // CI_EXAMPLES)
