"""The hypothesis profiles (tests/hypothesis_profiles.py): CI runs hypothesis' own strength, a developer's run a
quarter of it, a heavy run ten times it, and a test's own count follows the profile."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis_profiles import CI_EXAMPLES, examples

CI_RUN = Path(__file__).resolve().parents[1] / ".ci" / "run"


def test_the_ci_profile_is_hypothesis_defaults_with_no_deadline():
    ci = settings.get_profile("ci")
    assert ci.max_examples == CI_EXAMPLES == 100  # hypothesis' own default
    assert settings.get_profile("default").max_examples * 4 == CI_EXAMPLES
    assert ci.deadline is None and settings.get_profile("default").deadline is None
    assert settings.get_profile("heavy").max_examples == 10 * CI_EXAMPLES


@pytest.mark.parametrize(("profile", "scale"), [("ci", 1), ("default", 0.25), ("heavy", 10)])
def test_a_tests_own_count_follows_the_profile(profile: str, scale: float):
    loaded = settings.default
    settings.load_profile(profile)
    try:
        assert [examples(n) for n in (1, 12, 60, 300)] == [max(1, int(n * scale)) for n in (1, 12, 60, 300)]
    finally:
        settings.register_profile("_restored", loaded)
        settings.load_profile("_restored")


def test_ci_runs_the_suite_under_the_ci_profile():
    lines = CI_RUN.read_text(encoding="utf-8").splitlines()
    exported = lines.index("export HYPOTHESIS_PROFILE=ci")
    assert exported < lines.index("bash .ci/venv pytest")
