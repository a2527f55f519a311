"""The compiled kernels against their definitions: the same source run as Python, and the rules' own checks.

Three claims are tested here, on real pages and on generated text:
- the kernels compiled give exactly what the same .py files give run as Python (a copy of the package
  without its extensions), for whole documents, default pipeline and without the model;
- each value of the line table is what the Python definition it stands for gives (the key is `fold`, the
  sentence flag is `is_prose`'s, a line a repair changes carries the hint, the stopword counts are
  `lang.count`'s);
- the compiled pass points every line rule at every line it matches (a candidate), and a line it removes
  outright (a phrase that is the match itself) is one the rule's own check removes.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import lang as language
from cleaner.engine import DEFAULT, LONG_LINE, Config, for_records, split_lines
from cleaner.engine.core import _clean_once, _repair
from cleaner.engine.fold import fold_pass
from cleaner.engine.lines import LANGUAGES, LineTable, raw_pass
from cleaner.engine.page import Page
from cleaner.engine.plan import STOPWORDS, cues, plan
from cleaner.kernels import KERNELS, compiled
from cleaner.rules import views
from cleaner.rules.folding import GLUE, count_words, fold, is_prose
from cleaner.rules.menus import _menu_item
from cleaner.rules.views import LineView

ROOT = Path(cleaner.__file__).parent
LANGS = (None, "fr", "en", "de", "es", "it", "pt")
CONFIGS = (DEFAULT, Config(ignore=("LQ",)), for_records(DEFAULT))

# Characters and words the kernels treat specially: separators, credits, glue, spaces, marks, quotes,
# mojibake, letters whose folding or case changes their length, astral characters, trigger words.
_TRICKY = st.sampled_from(
    [
        " ", "  ", "\u00a0", "\u202f", "\t", "/", " / ", " › ", "»", "|", "·", ":", "©", "(c) ", "CC BY", "_", "*",
        "“", "”", "'", "’", "…", ".", "!", "?", "Ã©", "&amp;", "\u200b", "\u200d", "\x00", "é", "e\u0301", "İ",
        "ß", "ﬁ", "Σ", "ǅ", "𝐀", "😀", "\U000e0041", "surTelegram", "Foto: dpa", "REUTERS/Name", "Getty Images",
        "Lesezeit: 3 Minuten", "Name *", "Anna says:", "Home", "Accueil", "Suivez-nous", "Partager", "Cookies",
        "Lire aussi", "Read more", "Weiterlesen", "Publicité", "Anzeige", "404", "x", "1", "2021",
    ]
)  # fmt: skip
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


@pytest.fixture(scope="module")
def shared_lines(shared: Path) -> list[str]:
    """Lines of real pages to build generated documents from (the model judges only pages of 15 lines)."""
    return [line for text in _pages(shared, per_style=10) for line in text.split("\n")][::7]


# ---------------------------------------------------------------- compiled against the same source as Python


@pytest.fixture(scope="module")
def python_package(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The package copied without its compiled extensions and imported as `cleaner_python`: all of it Python."""
    assert compiled() == list(KERNELS), "make test builds the kernels: these tests compare them with Python"
    folder = tmp_path_factory.mktemp("python")
    shutil.copytree(ROOT, folder / "cleaner_python", ignore=shutil.ignore_patterns("*.so", "*.c", "__pycache__"))
    sys.path.insert(0, str(folder))
    try:
        package = importlib.import_module("cleaner_python")
        for name in KERNELS:
            module = importlib.import_module(name.replace("cleaner.", "cleaner_python.", 1))
            assert module.__file__ is not None and module.__file__.endswith(".py"), module.__file__
    finally:
        sys.path.remove(str(folder))
    return package


def _same(python: ModuleType, text: str, config: Config, lang: str | None = None) -> None:
    mine = cleaner.clean_text(text, lang=lang, config=config)
    config_py: Any = python.engine.Config(**{name: getattr(config, name) for name in config.__slots__})
    theirs = python.clean_text(text, lang=lang, config=config_py)
    assert mine.text == theirs.text
    assert (mine.lang, mine.stub, mine.long_lines) == (theirs.lang, theirs.stub, theirs.long_lines)
    as_tuples = [(v.code, v.line, v.action.value, v.original, v.replacement, v.score) for v in mine.verdicts]
    assert as_tuples == [(v.code, v.line, v.action.value, v.original, v.replacement, v.score) for v in theirs.verdicts]


def test_compiled_equals_python_on_real_pages(shared: Path, python_package: ModuleType) -> None:
    for n, text in enumerate(_pages(shared, per_style=12)):
        _same(python_package, text, CONFIGS[n % len(CONFIGS)])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_compiled_equals_python_on_generated_pages(
    data: st.DataObject, python_package: ModuleType, shared_lines: list[str]
) -> None:
    line = st.one_of(_LINE, st.sampled_from(shared_lines), st.just(""))
    text = "\n".join(data.draw(st.lists(line, min_size=1, max_size=40)))
    _same(python_package, text, data.draw(st.sampled_from(CONFIGS)), data.draw(st.sampled_from(LANGS)))


# ---------------------------------------------------------------- the line table against the definitions


def _table(lines: list[str], lang: str | None) -> tuple[LineTable, Page]:
    chosen = plan(DEFAULT)
    table = LineTable(list(lines))
    raw_pass(table, 0, len(lines), chosen.literals, STOPWORDS, LONG_LINE, True)
    fold_pass(table, 0, len(lines), cues(chosen, lang), chosen.folded, chosen.folded_words, LONG_LINE)
    return table, Page(table, lang, frozenset())


def _check_table(lines: list[str]) -> None:
    table, _ = _table(lines, "en")
    for i, line in enumerate(lines):
        key, flags = fold(line), table.flags[i]
        assert table.keys[i] == key, line
        assert table.words[i] == count_words(key), line
        assert bool(table.blank[i]) == (not line.strip()), line
        assert (table.twords[i] >= 8 and bool(flags & views.SENTENCE)) == is_prose(line), line
        assert bool(flags & views.GLUED) == bool(GLUE.search(line)), line
        if flags & views.GLUED:
            assert table.glued.get(i, key) == fold(line, False), line
        item = _menu_item(line)
        assert bool(flags & views.MENU_ITEM) == (item is True) and bool(flags & views.MENU_EMPTY) == (item is None)
        assert bool(flags & views.APOSTROPHE) == ("'" in line) and bool(flags & views.CURLY_APOSTROPHE) == ("’" in line)
        assert bool(flags & views.COLON) == (":" in line), line
        for rule, hint in plan(DEFAULT).repairs:
            assert rule.repair is not None
            if rule.repair(line) != line:
                assert flags & hint, f"{rule.code} changes {line!r} but its hint is not set"
        counts = language.count(line)
        expected = [sum(counts[w] for w in language.STOPWORDS[name]) for name in language.LANGUAGES]
        assert list(table.langs[i * LANGUAGES : (i + 1) * LANGUAGES]) == expected, line


def test_line_table_on_real_pages(shared: Path) -> None:
    for text in _pages(shared):
        _check_table(split_lines(text)[0])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=6))
def test_line_table_on_generated_text(lines: list[str]) -> None:
    _check_table(lines)


# ---------------------------------------------------------------- candidates and decisions against the rules


def _check_candidates(lines: list[str], lang: str | None) -> None:
    chosen = plan(DEFAULT)
    table, page = _table(lines, lang)
    _repair(table, chosen)  # the rules read repaired lines, as in the engine
    texts = list(table.texts)
    table, page = _table(texts, lang)
    from cleaner.engine import passes

    pointed = dict(passes.candidates(table, chosen, LONG_LINE, chosen.codes, page))
    by_code = {rule.code: bit for bit, rule in enumerate(chosen.lines)}
    for i, text in enumerate(texts):
        if table.blank[i]:
            continue
        view = LineView(i, text, False)
        decided = page.dropped.get(i)
        for bit, rule in enumerate(chosen.lines):
            assert rule.line is not None
            if decided is not None and by_code[decided] <= bit:
                break  # removed by an earlier rule of the plan, or by this one
            if rule.line(view, lang):
                assert pointed.get(i, 0) >> bit & 1, f"{rule.code} matches {text!r} but was not a candidate"
        if decided is not None:
            rule = chosen.lines[by_code[decided]]
            assert rule.line is not None and rule.line(view, lang), f"{decided} removed {text!r}, not a match"


def test_every_match_is_a_candidate_and_every_decision_a_match(shared: Path) -> None:
    for text in _pages(shared, per_style=25):
        lines = split_lines(text)[0]
        for lang in (None, language.guess(text)):
            _check_candidates(lines, lang)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=6), st.sampled_from(LANGS))
def test_candidates_on_generated_text(lines: list[str], lang: str | None) -> None:
    _check_candidates(lines, lang)


def test_output_counts_are_the_outputs(shared: Path) -> None:
    # The output's stopword counts are derived from the input's (core._output_counts) so that the language
    # guess need not read the output again; they must be exactly what counting the output gives.
    derived = 0
    for text in _pages(shared, per_style=60):
        result, _, counts = _clean_once(text, None, DEFAULT, None, None)
        if counts is not None:
            derived += 1
            expected = language.count(result.text)
            assert counts == [sum(expected[w] for w in language.STOPWORDS[name]) for name in language.LANGUAGES]
    assert derived > 100  # the shortcut is taken on most pages, not skipped
