"""Batched parallel cleaning (cleaner.parallel.ordered): the serial results, in input order, in real workers."""

from __future__ import annotations

import pickle

import pytest

from cleaner import parallel
from cleaner.engine import DEFAULT, clean_text
from cleaner.parallel import Failure, Task, ordered

PAGE = "Publicité\nLe ministre a parlé\u00a0lundi à Paris.\nSuivez-nous sur Twitter\nLa suite, dit-il.\n"


def _items(count: int) -> list[tuple[str, Task | None]]:
    """Documents of varied sizes with non-document items (file starts and ends) between them."""
    items: list[tuple[str, Task | None]] = []
    for n in range(count):
        if n % 5 == 0:
            items.append((f"marker {n}", None))
        text = PAGE * (1 + n % 7) + f"Ligne numéro {n} du document.\n"
        items.append((f"doc {n}", Task(text, None, "fr", None, DEFAULT)))
    items.append(("end", None))
    return items


@pytest.mark.parametrize(
    ("batch_chars", "window", "window_chars"),
    [
        (1 << 20, 16, 8 << 20),  # the document count closes batches and bounds the window
        (200, 16, 8 << 20),  # the size closes batches
        (1 << 20, 128, 2_000),  # the characters in flight bound the window
    ],
)
def test_two_jobs_give_the_serial_results_in_order(
    monkeypatch: pytest.MonkeyPatch, batch_chars: int, window: int, window_chars: int
) -> None:
    monkeypatch.setattr(parallel, "BATCH_CHARS", batch_chars)
    monkeypatch.setattr(parallel, "WINDOW_PER_JOB", window)
    monkeypatch.setattr(parallel, "WINDOW_CHARS_PER_JOB", window_chars)
    items = _items(90)  # more documents than the window, so the window is drained while batches are filled
    serial = list(ordered(items, 1, lambda item: item[1]))
    parallel_run = list(ordered(items, 2, lambda item: item[1]))
    assert [item for item, _ in parallel_run] == items
    assert parallel_run == serial
    assert all((result is None) == (task is None) for (_, task), result in parallel_run)


def test_a_failing_document_costs_only_itself() -> None:
    good = Task(PAGE, None, "fr", None, DEFAULT)
    bad = Task(None, None, "fr", None, DEFAULT)  # neither text nor HTML: the worker's assertion fails
    items: list[tuple[str, Task | None]] = [("a", good), ("bad", bad), ("b", good)]
    results = [result for _, result in ordered(items, 2, lambda item: item[1])]
    assert results[0] == results[2] == clean_text(PAGE, "fr")
    assert isinstance(results[1], Failure) and results[1].message.startswith("AssertionError")


def test_results_pickle_compactly_and_back() -> None:
    result = clean_text(PAGE, "fr")
    assert result.verdicts  # a removal and a repair: both kinds of verdict go through the compact form
    assert pickle.loads(pickle.dumps(result)) == result
