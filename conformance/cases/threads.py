"""Checks: thread safety. A ``K.function`` called from several threads at once returns what each call returns alone
(gradients included); calls that assign variables behave as if run one after another (no lost update); ``get_uid``
never repeats; ``learning_phase_scope``, ``name_scope`` and ``backend_scope`` belong to the thread that enters them;
graphs recorded by several threads at once compute what they compute when recorded alone. Expected values are
hand-derived or computed by the same call made alone (with a float64 NumPy check of the alone result)."""
import threading

import numpy as np

from ..model import CheckCase

THREADS = 4


def _run_threads(K, work, count=THREADS, scoped=True):
    """Run ``work(index, barrier)`` in ``count`` threads started together; re-raise the first failure. With
    ``scoped``, each thread runs inside ``K.backend_scope`` of the calling thread's engine (a new thread starts on
    the process-wide engine, and the suite runs the engine under test in a scope of its own thread)."""
    barrier, failures, name = threading.Barrier(count), [], K.backend()

    def run(index):
        try:
            barrier.wait(30)
            if scoped:
                with K.backend_scope(name):
                    work(index, barrier)
            else:
                work(index, barrier)
        except BaseException as error:  # noqa: BLE001 - handed to the calling thread
            failures.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish within 120 s"
    if failures:
        raise failures[0]


def function_called_from_threads(K):
    x = K.placeholder((None, 3))
    w = K.variable(np.arange(6, dtype="float32").reshape(3, 2) / 10.0)
    loss = K.sum(K.square(K.dot(x, w)))
    f = K.function([x], [loss, K.gradients(loss, [w])[0]])
    feeds = [np.random.default_rng(seed).normal(size=(5, 3)).astype("float32") for seed in range(8)]
    alone = [f([feed]) for feed in feeds]
    weights = np.arange(6, dtype=np.float64).reshape(3, 2) / 10.0
    for feed, (value, gradient) in zip(feeds, alone):  # d/dw sum((x w)^2) = 2 x^T (x w)
        np.testing.assert_allclose(value, np.sum((feed @ weights) ** 2), rtol=1e-4)
        np.testing.assert_allclose(gradient, 2 * feed.astype(np.float64).T @ (feed @ weights), rtol=1e-4, atol=1e-5)

    def work(index, _):
        for call in range(40):
            which = (call + index) % len(feeds)
            value, gradient = f([feeds[which]])
            np.testing.assert_allclose(value, alone[which][0], rtol=1e-6, err_msg=f"thread {index} call {call}")
            np.testing.assert_allclose(gradient, alone[which][1], rtol=1e-6, err_msg=f"thread {index} call {call}")
    _run_threads(K, work)


def function_updates_from_threads(K):
    counter, total = K.variable(0.0), K.variable(np.zeros((2,)))
    x = K.placeholder((2,))
    step = K.function([x], [counter], updates=[K.update_add(counter, 1.0), K.update_add(total, x)])
    count_only = K.function([], [], updates=[(counter, counter + 1.0)])

    def work(index, _):
        for _ in range(25):
            step([np.array([1.0, float(index)], dtype="float32")])
            count_only([])
    _run_threads(K, work)
    # 4 threads x 25 calls x 2 functions, each adding 1; total adds [1, index] 25 times per thread
    assert float(K.get_value(counter)) == 200.0, K.get_value(counter)
    np.testing.assert_array_equal(K.get_value(total), [100.0, 25.0 * (0 + 1 + 2 + 3)])


def eager_updates_from_threads(K):
    v = K.variable(0.0)

    def work(index, _):
        for _ in range(50):
            K.update_add(v, 1.0)
            K.update_sub(v, 0.5)
    _run_threads(K, work)
    assert float(K.get_value(v)) == 100.0, K.get_value(v)  # 4 x 50 x (1 - 0.5)


def uids_from_threads(K):
    K.reset_uids()
    seen = [[] for _ in range(8)]

    def work(index, _):
        seen[index].extend(K.get_uid("threads") for _ in range(300))
    _run_threads(K, work, 8)
    everything = sorted(uid for part in seen for uid in part)
    assert everything == list(range(1, 2401)), "get_uid repeated or skipped a value across threads"
    K.reset_uids()


def learning_phase_scope_per_thread(K):
    K.set_learning_phase(0)
    try:
        def work(index, barrier):
            phase = index % 2
            with K.learning_phase_scope(phase):
                barrier.wait(30)  # every thread is inside its scope now
                assert K.learning_phase() == phase, (index, K.learning_phase())
                x = K.placeholder((2,))
                out = K.function([x], [K.in_train_phase(x * 2.0, x * 3.0)])([np.ones(2, "float32")])[0]
                np.testing.assert_array_equal(out, [2.0, 2.0] if phase else [3.0, 3.0])
                barrier.wait(30)
            assert K.learning_phase() == 0, (index, K.learning_phase())  # what the scope replaced
        _run_threads(K, work)
        assert K.learning_phase() == 0
    finally:
        K.clear_session()


def name_scope_per_thread(K):
    def work(index, barrier):
        with K.name_scope(f"outer{index}"):
            barrier.wait(30)
            with K.name_scope("inner") as scope:
                barrier.wait(30)
                assert scope == f"outer{index}/inner", (index, scope)
    _run_threads(K, work)
    with K.name_scope("alone") as scope:
        assert scope == "alone", scope  # no scope of the finished threads is left over


def backend_scope_per_thread(K):
    name = K.backend()
    entered = []

    def work(index, barrier):
        before = K.backend()  # the process-wide engine, whatever the calling thread's scope
        # overlapping scopes, left in an order different from the one they were entered in
        with K.backend_scope(name):
            entered.append(index)
            barrier.wait(30)
            assert K.backend() == name
            assert float(K.eval(K.sum(K.constant([1.0, 2.0])))) == 3.0
            if index % 2:
                barrier.wait(30)
        if not index % 2:
            barrier.wait(30)
        assert K.backend() == before, (index, K.backend(), before)  # exactly what the scope replaced
    _run_threads(K, work, scoped=False)
    assert K.backend() == name and sorted(entered) == list(range(THREADS))


def graphs_recorded_from_threads(K):
    inputs = np.arange(6, dtype="float32").reshape(2, 3)

    def work(index, barrier):
        for _ in range(10):
            x = K.placeholder((None, 3))
            w = K.variable(np.full((3, 2), index + 1.0))
            loss = K.mean(K.square(K.relu(K.dot(x, w) - 1.0)))
            barrier.wait(30)  # every thread records at once
            value, gradient = K.function([x], [loss, K.gradients(loss, [w])[0]])([inputs])
            hidden = inputs.astype(np.float64) @ np.full((3, 2), index + 1.0) - 1.0
            active = np.maximum(hidden, 0.0)
            np.testing.assert_allclose(value, np.mean(active ** 2), rtol=1e-5)
            # d/dw mean(relu(x w - 1)^2) = x^T (2 relu(x w - 1) / n), n = 4 elements
            np.testing.assert_allclose(gradient, inputs.T.astype(np.float64) @ (active / 2.0), rtol=1e-5)
    _run_threads(K, work)


CASES = [
    CheckCase("function", function_called_from_threads, "threads-gradients", needs="gradients"),
    CheckCase("function", function_updates_from_threads, "threads-updates-not-lost"),
    CheckCase("update_add", eager_updates_from_threads, "threads-eager"),
    CheckCase("get_uid", uids_from_threads, "threads-unique"),
    CheckCase("learning_phase_scope", learning_phase_scope_per_thread, "per-thread"),
    CheckCase("name_scope", name_scope_per_thread, "per-thread"),
    CheckCase("backend_scope", backend_scope_per_thread, "per-thread-overlapping"),
    CheckCase("placeholder", graphs_recorded_from_threads, "threads-record-at-once", needs="gradients"),
]
