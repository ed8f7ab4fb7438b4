"""Run a pure function on many inputs in child processes that are killed past a time limit and
capped in memory: pathological pages have hung mwparserfromhell or blown its memory (its
issues 190 and 286), and one such page must cost a finding, not the run.

`check.BoundedDiffer` runs the diffs on it, `health` the findings.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import resource
import time
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

from .errors import WikiError

__all__ = ["BoundedPool"]

K = TypeVar("K", bound=Hashable)


def _worker(conn: Any, memory: int, func: Callable[..., Any]) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    while True:
        try:
            args = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", func(*args)))
        except MemoryError:
            conn.send(("error", "the parser ran out of memory"))
        except Exception as e:  # a parser bug must not end the run
            conn.send(("error", f"the parser failed: {type(e).__name__}: {e}"))


class BoundedPool:
    """`func(*args)` for each item on up to `workers` processes; an item that takes longer than
    `timeout` seconds per unit of work (one page; `map`'s `units` can say more), dies or raises
    gets a WikiError as its result. `func` must be a module-level function (it is sent to a
    forkserver child)."""

    unit = "page"

    def __init__(
        self,
        func: Callable[..., Any],
        *,
        timeout: float,
        memory: int = 2 * 1024**3,
        workers: int | None = None,
    ):
        self.func = func
        self.timeout = timeout
        self.memory = memory
        self.workers = workers or max(1, min(2, os.cpu_count() or 1))
        self._ctx = multiprocessing.get_context("forkserver")
        self._pool: list[tuple[Any, Any] | None] = [None] * self.workers

    def __enter__(self) -> BoundedPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the workers now, so their start-up overlaps with other work (requests)."""
        for i in range(self.workers):
            self._ensure(i)

    def _ensure(self, i: int) -> Any:
        slot = self._pool[i]
        if slot is None or not slot[0].is_alive():
            parent, child = self._ctx.Pipe()
            proc = self._ctx.Process(
                target=_worker, args=(child, self.memory, self.func), daemon=True
            )
            proc.start()
            child.close()
            self._pool[i] = (proc, parent)
        slot = self._pool[i]
        assert slot is not None
        return slot[1]

    def _kill(self, i: int) -> None:
        slot = self._pool[i]
        if slot is not None:
            slot[0].kill()
            slot[0].join(5)
            slot[1].close()
            self._pool[i] = None

    def map(
        self,
        items: dict[K, tuple[Any, ...]],
        on_done: Callable[[], None] = lambda: None,
        units: Mapping[K, int] | None = None,
    ) -> dict[K, Any]:
        """{key: func(*args)} for every item, or a WikiError saying why not."""
        queue = list(items.items())
        results: dict[K, Any] = {}
        busy: dict[int, tuple[K, float, Any]] = {}  # worker -> (key, deadline, conn)
        while queue or busy:
            for i in range(self.workers):
                if i not in busy and queue:
                    key, args = queue.pop(0)
                    conn = self._ensure(i)
                    conn.send(args)
                    scale = max(1, (units or {}).get(key, 1))
                    busy[i] = (key, time.monotonic() + self.timeout * scale, conn)
            wait_for = max(0.0, min(d for _, d, _ in busy.values()) - time.monotonic())
            ready = set(
                multiprocessing.connection.wait([c for _, _, c in busy.values()], timeout=wait_for)
            )
            for i, (key, deadline, conn) in list(busy.items()):
                if conn in ready:
                    del busy[i]
                    try:
                        status, value = conn.recv()
                    except (EOFError, OSError):  # the child died mid-answer
                        self._kill(i)
                        results[key] = WikiError("the parser process died (memory limit?)")
                    else:
                        results[key] = value if status == "ok" else WikiError(value)
                    on_done()
                elif time.monotonic() >= deadline:
                    del busy[i]
                    self._kill(i)
                    results[key] = WikiError(
                        f"parsing took longer than {self.timeout:g} s a {self.unit}; page skipped"
                    )
                    on_done()
        return results

    def close(self) -> None:
        for i in range(self.workers):
            self._kill(i)
