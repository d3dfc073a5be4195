"""The tiny engine of ``tests/third_party_engine`` as one module, selected by its dotted path (``tiny_engine``)
without installing its distribution: the tests of dotted-path engines and of the generic fallbacks use it (with
``tests/engines`` and ``tests/third_party_engine`` on ``sys.path``; ``tests/helpers.py`` sets both)."""
from kbackend_tinyengine import CAPABILITIES, FRAMEWORK, INSTALL, KNOWN_GAPS, NAME  # noqa: F401
from kbackend_tinyengine.core import *  # noqa: F401,F403  (the core primitives, as this module's own names)
from kbackend_tinyengine.core import __all__  # noqa: F401

MODULES = ()  # the primitives are this module's names (imported above), not submodules
