"""Documents cleaned in worker processes, their results handed back in input order."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from . import html
from .model import Result

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from .engine import Config

Item = TypeVar("Item")
# Documents go to workers in batches: each task costs the pool's threads and pickling in the parent, which
# shares the cores with the workers (per-document tasks: 2 jobs 1.47 times as fast as 1, batches: 1.87).
# A batch stays small beside the window, so that workers never wait for the parent to fill one. Since the
# compiled engine a worker cleans a batch five times as fast, and the parent waited on each: on 50 MB of
# JSONL, 2 jobs took 5.5-5.8 s with batches of 8 and 16 documents in flight per worker, 4.8-4.95 s with
# batches of 16 and 128 in flight (1 job: 8.1 s); 256 in flight or batches of 32 measured the same.
WINDOW_PER_JOB = 128  # documents in flight per worker: enough to keep them busy
WINDOW_CHARS_PER_JOB = 8 << 20  # and at most this many characters, so long documents bound the memory
BATCH_DOCUMENTS = 16
BATCH_CHARS = 1 << 20


class Task(NamedTuple):
    text: str | None
    html: bytes | None
    lang: str | None
    url: str | None
    config: Config
    site: frozenset[str] | None = None  # the learned lines of the document's site


class Failure(NamedTuple):
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


def work_all(tasks: list[Task]) -> list[Result | Failure]:
    """Clean a batch of documents in a worker (one task per batch: a task costs the pool's threads time).

    A text's result goes back without its original, which the parent holds (`_whole`): the parent
    unpickles every result while it shares the cores with the workers, and the original was half of it.
    """
    results = [_lean(work(task), task) for task in tasks]
    if not _parent_alive():
        os._exit(0)  # no one to send the results to (see _start_worker)
    return results


def _lean(result: Result | Failure, task: Task) -> Result | Failure:
    if isinstance(result, Result) and task.text is not None and result.original is task.text:
        return replace(result, original="")
    return result


def _whole(result: Result | Failure, task: Task) -> Result | Failure:
    """A worker's result with its original text back (see work_all)."""
    if isinstance(result, Result) and task.text is not None and not result.original:
        return replace(result, original=task.text)
    return result


def ordered(
    items: Iterable[Item],
    jobs: int,
    task_of: Callable[[Item], Task | None],
    started: Callable[[int], None] | None = None,
) -> Iterator[tuple[Item, Result | Failure | None]]:
    """Each item with its result (None for an item that is no document), in input order.

    Documents are cleaned by up to `jobs` worker processes in batches of up to BATCH_DOCUMENTS documents or
    BATCH_CHARS characters, at most `jobs * WINDOW_PER_JOB` documents and about `jobs * WINDOW_CHARS_PER_JOB`
    characters in flight. The workers start once
    there are `jobs` batches for them, or all there will be, so never more workers than batches (a run of
    three documents with --jobs 16 started 16 processes); `started` is told how many.
    """
    if jobs <= 1:
        for item in items:
            task = task_of(item)
            yield item, work(task) if task is not None else None
        return
    # multiprocessing.Pool rather than concurrent.futures: leaving its `with` block terminates the workers,
    # also on Ctrl-C or SIGTERM, where an executor's shutdown waited for them and the run hung (found by
    # tests/test_reliability.py). Workers ignore SIGINT: the parent alone decides, and cleans up. They
    # start with the first batches, so a run whose files are all cached starts none.
    pool: Pool | None = None
    window: deque[tuple[Item, _Batch | None, int]] = deque()
    batch: list[Task] = []
    waiting: list[tuple[Item, int]] = []  # the items since the last batch left, each with its place in it
    held: list[_Batch] = []  # batches made before the workers started
    chars = 0
    flight = 0  # the characters of the documents in the window

    def start() -> None:
        nonlocal pool
        pool = _pool(min(jobs, len(held)))
        if started is not None:
            started(min(jobs, len(held)))
        for waiting_batch in held:
            waiting_batch.sent = pool.apply_async(work_all, (waiting_batch.tasks,))
        held.clear()

    def submit() -> None:
        """Send the batch to the workers (or hold it until they start); it and the items before it join the window."""
        nonlocal batch, waiting, chars
        pending = None
        if batch:
            pending = _Batch(batch)
            if pool is None:
                held.append(pending)
                if len(held) >= jobs:
                    start()
            else:
                pending.sent = pool.apply_async(work_all, (batch,))
        window.extend((done, pending, k) for done, k in waiting)
        batch, waiting, chars = [], [], 0

    def first() -> tuple[Item, Result | Failure | None]:
        nonlocal flight
        done, pending, k = window.popleft()
        if pending is None or k < 0:  # no document
            return done, None
        flight -= _size(pending.tasks[k])
        if pending.sent is None:
            start()
        assert pending.sent is not None
        return done, _whole(pending.sent.get()[k], pending.tasks[k])

    try:
        for item in items:
            task = task_of(item)
            waiting.append((item, len(batch) if task is not None else -1))
            if task is not None:
                batch.append(task)
                chars += _size(task)
                flight += _size(task)
            if len(batch) >= BATCH_DOCUMENTS or chars >= BATCH_CHARS or not batch:
                submit()
            while len(window) > jobs * WINDOW_PER_JOB or (window and flight > jobs * WINDOW_CHARS_PER_JOB):
                yield first()
        submit()
        while window:
            yield first()
    finally:
        if pool is not None:
            pool.terminate()  # what leaving `with Pool(...)` does


def _size(task: Task) -> int:
    """A document's size in the window's count: the characters of its text, or the bytes of its HTML."""
    return len(task.text or task.html or "")


class _Batch:
    """Documents sent to a worker together, and their results to come (None until the workers start)."""

    __slots__ = ("sent", "tasks")

    def __init__(self, tasks: list[Task]) -> None:
        self.tasks = tasks
        self.sent: AsyncResult[list[Result | Failure]] | None = None


def _pool(jobs: int) -> Pool:
    """The worker processes of a parallel run."""
    import multiprocessing  # only parallel runs pay for it (measured: 17 to 40 ms to import)

    return multiprocessing.get_context().Pool(jobs, initializer=_start_worker, initargs=(os.getpid(),))


_PARENT = 0  # in a worker: the process that started the pool
_CHILD = False  # in a worker: whether that process is its parent (not so under the forkserver start method)


def _start_worker(parent: int) -> None:
    global _PARENT, _CHILD
    # Workers ignore Ctrl-C (the parent decides, and cleans up) and take SIGTERM's default action: they
    # inherit the parent's handler, which raised SystemExit inside a worker holding the task queue's lock
    # when the pool was terminated, and the pool then waited for ever (tests/test_reliability.py).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A worker whose parent was killed (SIGKILL: no pool.terminate) finished its batch and printed a
    # BrokenPipeError traceback sending the results back (2 runs of 6). On Linux the kernel now ends it with
    # SIGTERM when the parent dies; elsewhere it leaves, silent, before it sends (see work_all).
    _PARENT, _CHILD = parent, os.getppid() == parent
    if _CHILD and sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if not _parent_alive():  # it died before the line above
        os._exit(0)


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _parent_alive() -> bool:
    if not _PARENT:  # not a pool's worker
        return True
    if _CHILD:
        return os.getppid() == _PARENT  # an orphan is adopted by another process
    try:
        os.kill(_PARENT, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
