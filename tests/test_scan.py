"""The engine's shortcuts change nothing: document-wide folding, rule candidates, repair hints, guess counts.

Each shortcut claims a necessary condition (a rule can match a line only where the scanner points, a
repair can change a line only where its hint matches) or an identity (folding the document at once equals
folding each line). These tests check the claims against the slow way on real pages and generated text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cleaner import lang as language
from cleaner import typography as ty
from cleaner.engine import DEFAULT, LONG_LINE, _clean_once, _plan
from cleaner.rules.base import LineView
from cleaner.rules.folding import fold, fold_lines
from cleaner.scan import Lines, scanner

LANGS = (None, "fr", "en", "de", "es", "it", "pt")

# Characters the shortcuts are sensitive to: separators, credits, glue, spaces, marks, quotes, mojibake.
_TRICKY = st.sampled_from(
    [
        " ",
        "  ",
        "\u00a0",
        "\u202f",
        "\t",
        "/",
        " / ",
        " › ",
        "»",
        "|",
        "·",
        ":",
        "©",
        "(c) ",
        "CC BY",
        "_",
        "*",
        "“",
        "”",
        "'",
        "’",
        "…",
        ".",
        "!",
        "?",
        "Ã©",
        "&amp;",
        "\u200b",
        "\u200d",
        "\x00",
        "é",
        "İ",
        "ß",
        "surTelegram",
        "Foto: dpa",
        "REUTERS/Name",
        "Getty Images",
        "Lesezeit: 3 Minuten",
        "Name *",
        "Anna says:",
        "Home",
        "x",
        "1",
    ]
)
_LINE = (
    st.lists(st.one_of(_TRICKY, st.text(max_size=6)), max_size=12)
    .map("".join)
    .map(lambda s: s.replace("\n", " ").replace("\r", " "))
)


def _pages(shared: Path, per_style: int = 40) -> Iterator[str]:
    for style in ("blocks", "markdownish"):
        for path in sorted((shared / "bench" / "dev" / style).glob("*.txt"))[:per_style]:
            yield path.read_text(encoding="utf-8")
    for path in sorted((shared / "seeds").glob("*.txt")):
        yield path.read_text(encoding="utf-8")


def _views(lines: list[str]) -> list[LineView]:
    views = [LineView(i, line, not line.strip()) for i, line in enumerate(lines)]
    unglued, glued = fold_lines(lines)
    for view, key, whole in zip(views, unglued, glued, strict=True):
        view._key, view._keys = key, ((key,) if key == whole else (key, whole))
    return views


def _check_fold(lines: list[str]) -> None:
    unglued, glued = fold_lines(lines)
    assert unglued == [fold(line) for line in lines]
    assert glued == [fold(line, False) for line in lines]


def _check_candidates(lines: list[str], lang: str | None) -> None:
    rules = _plan(DEFAULT).lines
    views = _views(lines)
    found = scanner(rules, lang).candidates(views, LONG_LINE)
    for view in views:
        if view.blank:
            continue
        for bit, rule in enumerate(rules):
            assert rule.line is not None
            if rule.line(LineView(view.index, view.text, False), lang):
                assert found.get(view.index, 0) >> bit & 1, f"{rule.code} matches {view.text!r} but was not a candidate"


def _check_hints(lines: list[str]) -> None:
    document = Lines(lines)
    for repair, hint in ty.HINTS.items():
        pointed = document.matched(hint)
        for i, line in enumerate(lines):
            if repair(line) != line:
                assert i in pointed, f"{repair.__name__} changes {line!r} but its hint misses it"


def test_fold_lines_equals_fold_per_line(shared: Path) -> None:
    for text in _pages(shared):
        _check_fold(text.split("\n"))


def test_every_match_is_a_candidate(shared: Path) -> None:
    for text in _pages(shared, per_style=25):
        lines = [ty.fix_trailing_space(line) for line in text.split("\n")]
        for lang in (None, language.guess(text)):
            _check_candidates(lines, lang)


def test_every_repair_is_hinted(shared: Path) -> None:
    for text in _pages(shared):
        _check_hints(text.split("\n"))


@given(st.lists(_LINE, min_size=1, max_size=6))
def test_fold_lines_on_generated_text(lines: list[str]) -> None:
    _check_fold(lines)


@given(st.lists(_LINE, min_size=1, max_size=6), st.sampled_from(LANGS))
def test_candidates_on_generated_text(lines: list[str], lang: str | None) -> None:
    _check_candidates(lines, lang)


@given(st.lists(_LINE, min_size=1, max_size=6))
def test_hints_on_generated_text(lines: list[str]) -> None:
    _check_hints(lines)


def test_output_counts_are_the_outputs(shared: Path) -> None:
    # The output's word counts are derived from the input's (engine._output_counts) so that the language
    # guess need not read the output again; they must be exactly what counting the output gives.
    derived = 0
    for text in _pages(shared, per_style=60):
        result, _, counts = _clean_once(text, None, DEFAULT, None, language.count(text))
        if counts is not None:
            derived += 1
            assert +counts == +language.count(result.text)
    assert derived > 100  # the shortcut is taken on most pages, not skipped
