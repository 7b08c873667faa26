"""How much the fuzz tests run: a CI budget by default, far more with `BRINK_FUZZ=long`.

Every fuzz test takes its settings from `fuzz_settings(examples)`: the hypothesis profile of the
run (`brink-fuzz-ci` or `brink-fuzz-long`, registered here) with `examples` scaled by it. The CI
profile keeps all of tests/fuzz under a minute on two slow cores; the long one is for hunting:

    BRINK_FUZZ=long .venv/bin/pytest -q -p no:cacheprovider tests/fuzz
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("BRINK_FUZZ", "ci")
SCALE = {"ci": 1, "long": 40}
if PROFILE not in SCALE:
    raise ValueError(f"BRINK_FUZZ={PROFILE!r}: say ci or long")

# One server (or one copy of rules/) serves every example of a test: the fixtures are meant to
# outlive the examples. The inputs are large on purpose, and an example may take a second.
_QUIET = [
    HealthCheck.function_scoped_fixture,
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
]
settings.register_profile(
    "brink-fuzz-ci", deadline=None, suppress_health_check=_QUIET, print_blob=True
)
settings.register_profile(
    "brink-fuzz-long", deadline=None, suppress_health_check=_QUIET, print_blob=True
)


def fuzz_settings(examples: int) -> settings:
    """Return the settings of a fuzz test that tries `examples` inputs in CI."""
    return settings(
        settings.get_profile(f"brink-fuzz-{PROFILE}"), max_examples=examples * SCALE[PROFILE]
    )
