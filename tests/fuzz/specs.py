"""Every generator, by name (``SPECS``), and the Hypothesis settings profiles shared by the tests and the campaign.

Profiles (``KBACKEND_FUZZ_PROFILE``, default ``ci``):

* ``ci``: derandomized (the same examples on every run: CI is reproducible), ``KBACKEND_FUZZ_EXAMPLES`` examples per
  generator (default 20), no example database, no deadline;
* ``dev``: random examples (a new seed each run; Hypothesis prints the seed and the failing example), the same
  budget, shrinking on;
* ``campaign``: random, generation only (no shrinking: every disagreement is recorded and the run goes on); used by
  ``python -m tests.fuzz.campaign``.
"""
import os

from hypothesis import HealthCheck, Phase, settings

from . import specs_conv, specs_math, specs_nn, specs_shape

SPECS = {}
for module in (specs_math, specs_shape, specs_nn, specs_conv):
    SPECS.update(module.SPECS)

DEFAULT_EXAMPLES = 20
_COMMON = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))
settings.register_profile("kbackend-ci", derandomize=True, **_COMMON)
settings.register_profile("kbackend-dev", derandomize=False, **_COMMON)
settings.register_profile("kbackend-campaign", derandomize=False, phases=[Phase.explicit, Phase.generate],
                          **_COMMON)


def profile_name():
    name = os.environ.get("KBACKEND_FUZZ_PROFILE", "ci")
    if name not in ("ci", "dev", "campaign"):
        raise ValueError(f"KBACKEND_FUZZ_PROFILE={name!r}: expected ci, dev or campaign")
    return name


def examples_per_generator():
    return int(os.environ.get("KBACKEND_FUZZ_EXAMPLES", DEFAULT_EXAMPLES))


def profile(max_examples=None, name=None):
    """The settings of profile ``name`` (default: from the environment) with ``max_examples``."""
    name = name or profile_name()
    return settings(settings.get_profile(f"kbackend-{name}"),
                    max_examples=max_examples or examples_per_generator())
