"""The build's work shared with other processes (guidelib/shared_work.py):
Pelican reads and draws pages from the first, forked processes from the
last (plugins/read_ahead, plugins/draw_ahead).

What is the build's own: a short list is not worth a fork, and in a forked
process Pelican must hold back no message as "seen before" (it would, unless
told not to, as the Makefile does): the process must hear every one, to hand
the item back so that Pelican reports it in its turn.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from pelican.log import LimitFilter

from guidelib.shared_work import SharedWork, spare_cores

FEWEST_ITEMS = 16  # below this, forking costs more than it saves


def shared(
    count: int, do: Callable[[int], object], processes: int | None = None
) -> SharedWork | None:
    """COUNT items shared with PROCESSES processes (one per spare core unless
    told), or None where it is not worth it (too few items, one core):
    Pelican then does them all, as ever."""
    processes = spare_cores() if processes is None else processes
    if count < FEWEST_ITEMS or not processes:
        return None
    return SharedWork(count, do, processes, in_each_process=_hear_every_message)


def _hear_every_message() -> None:
    """In each forked process: hold back no message (module docstring)."""
    LimitFilter.LOGS_DEDUP_MIN_LEVEL = logging.NOTSET
