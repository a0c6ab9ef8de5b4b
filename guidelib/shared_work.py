"""Work shared with forked processes: the process that shares it does items
from the first, the others from the last, and each item is done once.

Python works on one core. For a list of items (pages to read or to draw in
the build, pages to check in the site checker) `SharedWork` forks a process
for each spare core; each takes the last item no one has taken yet, does it,
and sends back the result. The caller goes on from the first item and asks
`take(number)` for each: None when the item is its own (it does it itself),
or the result a process sent. Who does an item is settled under one lock, so
they meet in the middle.

An item whose work logged anything, warned (as the caller's filters would
show it), or failed in another process is handed back (None), and the caller
does it again in its turn: every problem is reported as and when one process
reports it, with its own traceback. A process that dies leaves its items to
the caller.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import threading
import warnings
from collections.abc import Callable

MOST_PROCESSES = 4
FREE, CALLER = 0, 1  # an item's worker: nobody yet, the caller; process k is 2 + k


def spare_cores() -> int:
    """Processes worth forking beside the caller (0 where fork is missing)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))  # the cores this process may use
    else:
        cores = os.cpu_count() or 1
    return min(cores - 1, MOST_PROCESSES)


class SharedWork:
    """COUNT items, and who does each: the caller or one of PROCESSES
    processes, which run DO(number) and send back its result. Each process
    first runs IN_EACH_PROCESS, if given (the build: Pelican must not hold
    back a message it has given before, or the item would not come back)."""

    def __init__(
        self,
        count: int,
        do: Callable[[int], object],
        processes: int,
        in_each_process: Callable[[], None] | None = None,
    ):
        context = multiprocessing.get_context("fork")
        self.claims = context.Array("b", count)  # FREE, CALLER or 2 + process
        self.arrived: dict[int, bytes | None] = {}
        self.finished: set[int] = set()
        self.news = threading.Condition()
        self.processes, receiving_ends = [], []
        for index in range(processes):
            receiving, sending = context.Pipe(duplex=False)
            process = context.Process(
                target=_work_from_the_end,
                args=(do, self.claims, 2 + index, sending, in_each_process),
                daemon=True,
            )
            process.start()
            # Only the process writes: with no other copy of its end (not even in
            # the processes forked after it), the pipe ends when the process does.
            sending.close()
            self.processes.append(process)
            receiving_ends.append(receiving)
        self.listeners = [
            threading.Thread(target=self._listen, args=(index, receiving), daemon=True)
            for index, receiving in enumerate(receiving_ends)
        ]
        for listener in self.listeners:
            listener.start()

    def take(self, number: int):
        """Item NUMBER's result from a process, or None: the caller does it itself."""
        with self.claims.get_lock():
            worker = self.claims[number]
            if worker == FREE:
                self.claims[number] = CALLER
        if worker in (FREE, CALLER):
            return None
        with self.news:
            self.news.wait_for(lambda: number in self.arrived or worker - 2 in self.finished)
            result = self.arrived.pop(number, None)
        return pickle.loads(result) if result else None

    def _listen(self, index: int, receiving) -> None:
        """Collect one process's results as they come, so it never waits on a full pipe."""
        try:
            while True:
                number, result = pickle.loads(receiving.recv_bytes())
                with self.news:
                    self.arrived[number] = result
                    self.news.notify_all()
        except (EOFError, OSError):
            pass  # the process has finished (or died: the caller does what it held)
        finally:
            receiving.close()
            with self.news:
                self.finished.add(index)
                self.news.notify_all()

    def close(self) -> None:
        """Wait for the processes; what nobody has taken yet is left undone."""
        with self.claims.get_lock():  # a caller that stopped half-way: stop them too
            for number in range(len(self.claims)):
                if self.claims[number] == FREE:
                    self.claims[number] = CALLER
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
        for listener in self.listeners:
            listener.join()


def _work_from_the_end(do, claims, me: int, sending, in_each_process) -> None:
    """In a forked process: take the last item nobody has, do it, send the result."""
    _keep_quiet()
    if in_each_process:
        in_each_process()
    for number in range(len(claims) - 1, -1, -1):
        with claims.get_lock():
            if claims[number] != FREE:
                if claims[number] == CALLER:
                    break  # the caller has come this far: the rest is its
                continue  # another process has it
            claims[number] = me
        sending.send_bytes(pickle.dumps((number, _quietly(do, number))))
    sending.close()


class _Heard(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_heard = _Heard()


def _keep_quiet() -> None:
    """Nothing printed here: what an item's work says, the caller says again."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_heard)


def _quietly(do, number: int) -> bytes | None:
    """DO(number)'s pickled result, or None if doing it said anything or failed.

    A warning counts as the caller's filters would count it (inherited with
    the fork), not always: a process frees objects it inherited from the
    caller, and one left open warns as it goes (a ResourceWarning, which
    Python ignores by default) during whatever item is under way."""
    _heard.records.clear()
    try:
        with warnings.catch_warnings(record=True) as warned:
            result = do(number)
        if warned or _heard.records or result is None:
            return None
        return pickle.dumps(result)
    except Exception:  # noqa: BLE001 — the caller does it again and reports it
        return None
