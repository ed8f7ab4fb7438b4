"""BoundedPool: every item gets its answer or a WikiError of its own, also when items were
sent ahead to a worker that then hangs or dies."""

from __future__ import annotations

import os
import time

from wikitrack.check.pool import AHEAD_BYTES, BoundedPool, _MapRun
from wikitrack.errors import WikiError


def work(kind: str, value: int, padding: str = "") -> int:
    """Module level: the pool's forkserver children import it."""
    if kind == "hang":
        time.sleep(30)
    if kind == "die":
        os._exit(1)
    return value * 2 + len(padding)


def test_every_item_is_answered_across_the_workers():
    with BoundedPool(work, timeout=10, workers=2) as pool:
        items = {i: ("ok", i) for i in range(50)}
        done: list[int] = []
        results = pool.map(items, on_done=lambda: done.append(1))
    assert results == {i: 2 * i for i in range(50)}
    assert len(done) == 50


def test_a_hanging_item_fails_alone_and_the_items_sent_after_it_are_answered():
    # One worker: the small items behind the hanging one were sent ahead to it, and must be
    # sent again to the worker that replaces it.
    with BoundedPool(work, timeout=0.5, workers=1) as pool:
        items = {"a": ("ok", 1), "hang": ("hang", 0), "b": ("ok", 2), "c": ("ok", 3)}
        started = time.monotonic()
        results = pool.map(items)
    assert time.monotonic() - started < 10
    assert isinstance(results.pop("hang"), WikiError)
    assert results == {"a": 2, "b": 4, "c": 6}


def test_a_worker_that_dies_on_the_item_sent_ahead_costs_that_item_only():
    # "die" is sent ahead while "a" runs; the worker answers "a", then dies on "die" while
    # this process is still busy with the answer (a slow progress callback). "c" must not be
    # sent to a new worker as if "die" were still running there: its answer would be filed
    # under "die", and "c" would wait for an answer that never comes.
    with BoundedPool(work, timeout=10, workers=1) as pool:
        results = pool.map(
            {"a": ("ok", 1), "die": ("die", 0), "c": ("ok", 3), "d": ("ok", 4)},
            on_done=lambda: time.sleep(0.3),
        )
    error = results.pop("die")
    assert isinstance(error, WikiError) and "died" in str(error)
    assert results == {"a": 2, "c": 6, "d": 8}


def test_only_small_items_are_sent_ahead_and_a_dying_worker_costs_its_item_only():
    big = "x" * (AHEAD_BYTES * 4)  # sent ahead, it could fill the pipe and block this process
    with BoundedPool(work, timeout=10, workers=1) as pool:
        run = _MapRun(
            pool, {"small": ("ok", 1), "big": ("ok", 2, big), "s2": ("ok", 3)}, lambda: None, {}
        )
        run.feed(0)
        assert list(run.sent[0]) == ["small"]  # "big" waits until the worker is idle
    with BoundedPool(work, timeout=10, workers=2) as pool:
        items = {
            "die": ("die", 0),
            **{f"big{i}": ("ok", i, big) for i in range(4)},
            **{i: ("ok", i) for i in range(6)},
        }
        results = pool.map(items)
    error = results.pop("die")
    assert isinstance(error, WikiError) and "died" in str(error)
    assert results == {
        **{f"big{i}": 2 * i + len(big) for i in range(4)},
        **{i: 2 * i for i in range(6)},
    }
