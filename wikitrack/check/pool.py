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
from collections import deque
from collections.abc import Callable, Hashable, Mapping
from multiprocessing.reduction import ForkingPickler
from typing import Any, TypeVar

from wikitrack.errors import OverBudget, WikiError

__all__ = ["BoundedPool", "usable_cores"]

K = TypeVar("K", bound=Hashable)
DEPTH = 2  # items a worker has been sent: the one it runs and one ahead
AHEAD_BYTES = 32 * 1024  # an item sent ahead fits a pipe's buffer with room to spare


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
            conn.send(("budget", "the parser ran out of memory"))
        except Exception as e:  # a parser bug must not end the run
            conn.send(("error", f"the parser failed: {type(e).__name__}: {e}"))


def usable_cores() -> int:
    """The cores this process may run on (a container's CPU set), not all the machine has."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


class BoundedPool:
    """`func(*args)` for each item on up to `workers` processes; an item that takes longer than
    `timeout` seconds per unit of work (one page; `map`'s `units` can say more), dies or raises
    gets a WikiError as its result: an OverBudget one when it ran out of time or memory.
    `func` must be a module-level function (it is sent to a forkserver child)."""

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
        self.workers = workers or max(1, min(2, usable_cores()))
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
        """{key: func(*args)} for every item, or a WikiError saying why not.

        A busy worker is sent one small item ahead, so it starts that one while this process
        reads the answer to the last (and while other threads hold the GIL). Only small ones:
        a send that filled the pipe would block this process, and with it every time limit.
        An item sent ahead has its time limit counted from when the answer before it was read
        (a little later than the worker started it: more lenient, never less)."""
        run = _MapRun(self, items, on_done, units or {})
        while run.queue or run.deadlines:
            for i in range(self.workers):
                run.feed(i)
            if not run.deadlines:
                continue  # a worker died before it took its item: it goes to a new one
            conns = {self._conn(i): i for i in run.deadlines}
            wait_for = max(0.0, min(run.deadlines.values()) - time.monotonic())
            for conn in multiprocessing.connection.wait(list(conns), timeout=wait_for):
                run.receive(conns[conn])
            for i, deadline in list(run.deadlines.items()):
                if time.monotonic() >= deadline:
                    run.fail(
                        i,
                        f"parsing took longer than {self.timeout:g} s a {self.unit}; page skipped",
                    )
        return run.results

    def _conn(self, i: int) -> Any:
        slot = self._pool[i]
        assert slot is not None
        return slot[1]

    def close(self) -> None:
        for i in range(self.workers):
            self._kill(i)


class _MapRun:
    """The state of one `BoundedPool.map`: what is queued, what each worker was sent (the
    first runs), when the running one's time is up, and the results so far."""

    def __init__(
        self,
        pool: BoundedPool,
        items: dict[Any, tuple[Any, ...]],
        on_done: Callable[[], None],
        units: Mapping[Any, int],
    ):
        self.pool, self.items, self.on_done, self.units = pool, items, on_done, units
        self.queue: deque[Any] = deque(items)
        self.results: dict[Any, Any] = {}
        self.sent: dict[int, deque[Any]] = {i: deque() for i in range(pool.workers)}
        self.deadlines: dict[int, float] = {}
        self.payloads: dict[Any, bytes] = {}

    def limit(self, key: Any) -> float:
        return self.pool.timeout * max(1, self.units.get(key, 1))

    def payload(self, key: Any) -> bytes:
        if key not in self.payloads:
            self.payloads[key] = bytes(ForkingPickler.dumps(self.items[key]))
        return self.payloads[key]

    def feed(self, i: int) -> None:
        """Send worker `i` an item when idle, and a small one ahead when busy. An item sent
        ahead goes down the pipe of the item running, never to a new worker: if the worker
        died meanwhile, its end of file reaches `receive`, and `fail` queues the item again."""
        sent = self.sent[i]
        while self.queue and (
            not sent or (len(sent) < DEPTH and len(self.payload(self.queue[0])) <= AHEAD_BYTES)
        ):
            key = self.queue[0]
            try:
                if sent:
                    self.pool._conn(i).send_bytes(self.payload(key))
                else:
                    self._send_to_idle(i, key)
            except OSError:  # the worker died running the item before
                self.fail(i, "the parser process died (memory limit?)")
                return
            self.queue.popleft()
            if not sent:
                self.deadlines[i] = time.monotonic() + self.limit(key)
            sent.append(key)

    def _send_to_idle(self, i: int, key: Any) -> None:
        """Send to an idle worker; one that died after its last answer is replaced once."""
        try:
            self.pool._ensure(i).send_bytes(self.payload(key))
        except OSError:
            self.pool._kill(i)
            try:
                self.pool._ensure(i).send_bytes(self.payload(key))
            except OSError as e:
                raise WikiError(f"could not start a parser process: {e}") from e

    def receive(self, i: int) -> None:
        """Worker `i` answered (or died): its running item is done, the next one runs."""
        try:
            status, value = self.pool._conn(i).recv()
        except (EOFError, OSError):  # the child died mid-answer
            self.fail(i, "the parser process died (memory limit?)")
            return
        key = self.sent[i].popleft()
        self.payloads.pop(key, None)
        error = OverBudget if status == "budget" else WikiError
        self.results[key] = value if status == "ok" else error(value)
        self.on_done()
        if self.sent[i]:
            self.deadlines[i] = time.monotonic() + self.limit(self.sent[i][0])
        else:
            del self.deadlines[i]

    def fail(self, i: int, message: str) -> None:
        """Worker `i`'s running item fails (over its time, or killed at its memory limit) and
        the worker is killed; the item sent ahead to it goes back to the queue."""
        self.pool._kill(i)
        key = self.sent[i].popleft()
        self.payloads.pop(key, None)
        self.results[key] = OverBudget(message)
        self.queue.extendleft(reversed(self.sent[i]))
        self.sent[i].clear()
        self.deadlines.pop(i, None)
        self.on_done()
