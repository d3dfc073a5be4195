"""Differential fuzzing: Hypothesis generates inputs for about 75 public functions (element-wise math, reductions,
shape functions, activations, crossentropies, normalisation, dot/batch_dot, small convolutions and pooling) and
bad inputs; each example runs on every compared engine in this process (``K.backend_scope``) and is checked
against the numpy engine (exception type, dtype, shape, values within the dtype's tolerance, NaN places, the
engine's own tensor type), and the numpy engine against float64 NumPy references (``tests/fuzz/harness.py``).

Budget: ``KBACKEND_FUZZ_EXAMPLES`` examples per generator (default 20), profile ``KBACKEND_FUZZ_PROFILE`` (``ci``:
derandomized, the default; ``dev``: a new random seed each run). Engines: ``KBACKEND_TEST_ENGINES`` or every
installed one (the session header and summary name them). The long campaign is ``python -m tests.fuzz.campaign``.

Known disagreements are in one table, ``tests/fuzz/known.py``, each with its reason; they are counted, not failed,
and ``test_known_disagreement_still_there`` fails for an entry that no longer disagrees (remove it then).
"""
import pytest
from hypothesis import given

from fuzz import harness
from fuzz.known import KNOWN
from fuzz.specs import SPECS, profile

# Importing TensorFlow or JAX inside the first example raises the recursion limit, which Hypothesis reports.
pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")


def _fuzz(spec):
    @profile()
    @given(spec)
    def run(example):
        harness.check(example)
    return run


@pytest.mark.parametrize("name", list(SPECS))
def test_fuzz(name):
    _fuzz(SPECS[name])()


@pytest.mark.parametrize("entry", KNOWN, ids=[entry.id for entry in KNOWN])
def test_known_disagreement_still_there(entry):
    """Each listed disagreement still happens on its reproducing example; when it does not, it was fixed: remove
    the entry from tests/fuzz/known.py."""
    engines = [e for e in entry.engines if e in harness.ENGINES or e in ("*", "reference")]
    if not engines:
        pytest.skip(f"{entry.id}: none of {entry.engines} is compared here ({harness.ENGINES})")
    found = harness.disagreements(entry.repro)
    assert any(item.known == entry.id for item in found), (
        f"known disagreement {entry.id!r} no longer happens on {entry.repro!r}: remove it from tests/fuzz/known.py "
        f"(other disagreements of the example: {[str(item) for item in found]})")


def test_generators_cover_the_functions():
    """At least 60 public functions are fuzzed, and the bad-input generators are there."""
    import kbackend as K
    functions = {name for name in SPECS if hasattr(K, name)}
    assert len(functions) >= 60, sorted(functions)
    assert {"bad_axis", "non_int_axis", "non_numeric", "bad_dtype", "bad_shapes"} <= set(SPECS)
