"""The one home of kbackend's run-time state: which engine is active, whether graph mode is on, what each thread
is computing, and the session state that ``K.clear_session()`` resets.

* ``ops``: per thread, a namespace whose attributes are the active engine's functions (its table). Every facade
  call reads it; ``kbackend._registry`` fills it (``set_backend`` for every thread, ``backend_scope`` for one).
* ``GRAPH``: process-wide. ``GRAPH.on`` is True from the first symbolic tensor until ``K.clear_session()``; it is
  the only thing an eager call of a public function checks.
* ``THREAD``: per thread. ``THREAD.frames`` is the stack of evaluation and probing frames (``kbackend.graph.frames``):
  while it is not empty, public functions compute on concrete values instead of recording.
* ``SESSION``: process-wide session state: the learning phase (a fixed value or the symbolic tensor), the
  ``get_uid`` counters, the session object, manual variable initialisation.

Name scopes, ``learning_phase_scope`` and ``control_dependencies`` blocks are per thread (``THREAD.name_scopes``,
``THREAD.learning_phases``, ``THREAD.after_updates``), as context managers are.
"""
import threading
import weakref

_lock = threading.RLock()
_default_table = {}                         # the table every thread starts with (set_backend changes it)
_thread_tables = weakref.WeakKeyDictionary()  # thread -> its ops dict, for set_backend to update every thread


class ActiveOps(threading.local):
    """Per thread, the attributes are the active engine's functions (the engine table). A thread starts with the
    process-wide engine. (No ``__getattr__``: it would slow down every attribute read of every facade call.)"""

    def __init__(self):
        with _lock:
            self.__dict__.update(_default_table)
            _thread_tables[threading.current_thread()] = self.__dict__


ops = ActiveOps()


class Unavailable:
    """What the table holds for every engine function when no engine could be activated (the configured one
    cannot load): calling one, or reading an attribute of ``_engine``, raises the kept error."""

    def __init__(self, error):
        self.error = error

    def __call__(self, *args, **kwargs):
        raise self.error.with_traceback(None)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise self.error.with_traceback(None)


def keep_unavailable(error, names):
    """Make every thread's engine functions ``names`` (and ``_engine``) raise ``error`` until an engine is
    activated."""
    unavailable = Unavailable(error)
    table = dict.fromkeys(names, unavailable)
    table["_engine"] = unavailable
    install_table(table, every_thread=True)


def install_table(table, every_thread):
    """Make ``table`` the active engine's table in this thread, and with ``every_thread`` the process default and
    the table of every thread that is not inside a ``backend_scope``."""
    with _lock:
        if every_thread:
            _default_table.clear()
            _default_table.update(table)
            for thread, namespace in list(_thread_tables.items()):
                if not THREAD_SCOPED.get(thread):
                    _replace(namespace, table)
        _replace(ops.__dict__, table)


def current_table():
    """The table of the engine active in this thread (a dict; empty before any engine is loaded)."""
    return dict(ops.__dict__)


def _replace(namespace, table):
    namespace.update(table)
    if len(namespace) != len(table):  # (after the update it holds every key of table: equal sizes, equal keys)
        for key in [k for k in namespace if k not in table]:
            del namespace[key]


THREAD_SCOPED = weakref.WeakKeyDictionary()  # thread -> depth of backend_scope blocks it is inside


class GraphSwitch:
    """Process-wide graph mode flag (see the module docstring)."""

    __slots__ = ("on",)

    def __init__(self):
        self.on = False


GRAPH = GraphSwitch()


class ThreadState(threading.local):
    """Per-thread state: computing frames, name scopes, and the variables that ``control_dependencies`` blocks
    map to their updated values."""

    def __init__(self):
        self.frames = []
        self.learning_phases = []  # the values of the learning_phase_scope blocks this thread is inside
        self.name_scopes = []
        self.after_updates = []


THREAD = ThreadState()


class SessionState:
    """What ``K.clear_session()`` resets."""

    def __init__(self):
        self.learning_phase_value = None   # None: the symbolic phase (0 unless fed); else a fixed 0 or 1
        self.learning_phase_tensor = None  # created on first use (creating it enters graph mode)
        self.session = None
        self.manual_init = False
        self.uids = {}


SESSION = SessionState()


def next_uid(prefix):
    """The next value of the ``get_uid`` counter of ``prefix`` (1, 2, ...), safe across threads."""
    with _lock:
        SESSION.uids[prefix] = SESSION.uids.get(prefix, 0) + 1
        return SESSION.uids[prefix]


def reset_session():
    """Forget the session state and leave graph mode (``K.clear_session``)."""
    with _lock:
        SESSION.__init__()
        GRAPH.on = False
