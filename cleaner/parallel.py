"""Documents cleaned in worker processes, their results handed back in input order."""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from . import html
from .model import Result

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from .engine import Config

Item = TypeVar("Item")
WINDOW_PER_JOB = 16  # documents in flight per worker: enough to keep them busy, bounded memory


@dataclass(frozen=True, slots=True)
class Task:
    text: str | None
    html: bytes | None
    lang: str | None
    url: str | None
    config: Config
    site: frozenset[str] | None = None  # the learned lines of the document's site


@dataclass(frozen=True, slots=True)
class Failure:
    """An exception raised while cleaning one document: reported with its file, the run goes on."""

    message: str


def work(task: Task) -> Result | Failure:
    """Clean one document (extracting it first from HTML); an exception becomes a Failure."""
    from .engine import clean_text  # loaded by the first document: a run of cached files never needs it

    try:
        text = task.text if task.html is None else html.extract(task.html, task.url)
        assert text is not None
        return clean_text(text, lang=task.lang, config=task.config, site=task.site)
    except Exception as error:  # a bug or an input no rule foresaw must cost one file, not the run
        return Failure(f"{type(error).__name__}: {error}")


def ordered(
    items: Iterable[Item], jobs: int, task_of: Callable[[Item], Task | None]
) -> Iterator[tuple[Item, Result | Failure | None]]:
    """Each item with its result (None for an item that is no document), in input order.

    Documents are cleaned by `jobs` worker processes, at most `jobs * WINDOW_PER_JOB` in flight.
    """
    if jobs <= 1:
        for item in items:
            task = task_of(item)
            yield item, work(task) if task is not None else None
        return
    # multiprocessing.Pool rather than concurrent.futures: leaving its `with` block terminates the workers,
    # also on Ctrl-C or SIGTERM, where an executor's shutdown waited for them and the run hung (found by
    # tests/test_reliability.py). Workers ignore SIGINT: the parent alone decides, and cleans up. They
    # start with the first document, so a run whose files are all cached starts none.
    pool: Pool | None = None
    try:
        window: deque[tuple[Item, AsyncResult[Result | Failure] | None]] = deque()
        for item in items:
            task = task_of(item)
            pending = None
            if task is not None:
                pool = pool or _pool(jobs)
                pending = pool.apply_async(work, (task,))
            window.append((item, pending))
            if len(window) >= jobs * WINDOW_PER_JOB:
                done, pending = window.popleft()
                yield done, pending.get() if pending is not None else None
        while window:
            done, pending = window.popleft()
            yield done, pending.get() if pending is not None else None
    finally:
        if pool is not None:
            pool.terminate()  # what leaving `with Pool(...)` does


def _pool(jobs: int) -> Pool:
    """The worker processes of a parallel run."""
    import multiprocessing  # only parallel runs pay for it (measured: 17 to 40 ms to import)

    return multiprocessing.get_context().Pool(jobs, initializer=_ignore_sigint)


def _ignore_sigint() -> None:
    # Workers ignore Ctrl-C (the parent decides, and cleans up) and take SIGTERM's default action: they
    # inherit the parent's handler, which raised SystemExit inside a worker holding the task queue's lock
    # when the pool was terminated, and the pool then waited for ever (tests/test_reliability.py).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
