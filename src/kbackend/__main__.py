"""``python -m kbackend``: the ``kbackend`` command (see ``kbackend.cli``)."""
import sys

from .cli import main

sys.exit(main())
