"""BoundedPool: every item gets its answer or a WikiError of its own, also when items were
sent ahead to a worker that then hangs or dies."""

from __future__ import annotations

import os
import time

from wikitrack.bounded import AHEAD_BYTES, BoundedPool
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


def test_a_dying_worker_costs_its_item_only_and_large_items_still_go_one_at_a_time():
    big = "x" * (AHEAD_BYTES * 4)  # never sent ahead: it could fill the pipe
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
