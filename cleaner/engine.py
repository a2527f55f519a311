"""The pure core: one document's text in, one Result out (no I/O).

Order of work, and why:
1. typography repairs on every line, so rules read repaired text ("Ã©" is matched as "é");
2. line rules, each deciding from one line;
3. context rules (neighbours, repeats, position), repeated until none removes anything more;
4. apostrophes unified over the kept lines (the majority is that of the text that stays);
5. assembly: kept lines in order, the blank lines a deletion leaves collapsed to one, one final newline.

Every context rule either reads only kept lines or needs a removed neighbour to fire. With step 3 run
to a fixed point, a second run in the same language finds nothing to do. When the language is guessed,
removing lines can change the guess (a page whose German lines were chrome); the output is then cleaned
again in the new language until the guess holds, so a second run finds nothing to do either.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import NamedTuple

from . import lang as language
from . import typography as ty
from .model import Action, Result, Verdict
from .rules import ALL_RULES, Rule, select
from .rules.base import DocView, LineView
from .rules.folding import fold_lines
from .rules.typography import APOSTROPHES, FINAL_NEWLINE
from .scan import Lines, scanner


@dataclass(frozen=True, slots=True)
class Config:
    r"""What the engine may do: which rules run and the apostrophe style.

    Rule codes and prefixes select as in ruff (the longest matching prefix wins; `extend_select` adds to
    `select`); `languages` limits the language guess; `quotes` is the apostrophe style inside words.

    >>> text = "Publicité\nSuivez-nous sur Twitter\nLe ministre a parlé lundi à Paris.\n"
    >>> clean_text(text, lang="fr").text
    'Le ministre a parlé lundi à Paris.\n'
    >>> clean_text(text, lang="fr", config=Config(ignore=("SO",))).text
    'Suivez-nous sur Twitter\nLe ministre a parlé lundi à Paris.\n'
    >>> clean_text("C'est l’été, dit-il.\n", lang="fr", config=Config(quotes="ascii")).text
    "C'est l'été, dit-il.\n"
    """

    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    quotes: str = "majority"  # majority | typographic | ascii | keep
    languages: tuple[str, ...] = ()  # the languages a guess may choose from (empty: any)

    def __post_init__(self) -> None:
        """Reject values the engine cannot honour."""
        if self.quotes not in ty.QUOTE_STYLES:
            raise ValueError(f"quotes must be one of {', '.join(ty.QUOTE_STYLES)}, not {self.quotes!r}")


DEFAULT = Config()


def for_records(config: Config) -> Config:
    """The configuration for a record's text (JSONL, datatrove): it ends as it did, without TY009's newline."""
    return config if "TY009" in config.ignore else replace(config, ignore=(*config.ignore, "TY009"))


def for_extracted(config: Config) -> Config:
    """The configuration for text trafilatura extracted from HTML: without the line-quality model (LQ).

    The model learned on whole pages' text; trafilatura's extraction has already dropped what it would
    judge, and on it the model cost recall (dev HTML: R 0.943 without LQ, 0.930 with; F1 0.932 both).
    """
    return config if "LQ" in config.ignore else replace(config, ignore=(*config.ignore, "LQ"))


_REPAIR_PASSES = 4


class _Plan(NamedTuple):
    repairs: tuple[Rule, ...]
    lines: tuple[Rule, ...]
    contexts: tuple[Rule, ...]
    scorers: tuple[Rule, ...]  # the line-quality model (LQ): it judges what the other rules leave
    apostrophes: bool
    final_newline: bool


@cache
def _plan(config: Config) -> _Plan:
    prefixes = tuple("" if p == "ALL" else p for p in config.select + config.extend_select)
    rules = select(prefixes, config.ignore, ALL_RULES)
    special = (APOSTROPHES, FINAL_NEWLINE)
    return _Plan(
        repairs=tuple(r for r in rules if r.repair is not None and r not in special),
        lines=tuple(r for r in rules if r.line is not None),
        contexts=tuple(r for r in rules if r.context is not None and r.family != "LQ"),
        scorers=tuple(r for r in rules if r.context is not None and r.family == "LQ"),
        apostrophes=APOSTROPHES in rules and config.quotes != "keep",
        final_newline=FINAL_NEWLINE in rules,
    )


def repair_line(line: str, config: Config | None = None) -> str:
    """A line after the typography repairs, as the rules read it (what `cleaner learn` counts)."""
    for _ in range(_REPAIR_PASSES):
        before = line
        for rule in _plan(config or DEFAULT).repairs:
            assert rule.repair is not None
            line = rule.repair(line)
        if line == before:
            break
    return line


_BREAK = re.compile(r"(\r\n|\n)")


def split_lines(text: str) -> tuple[list[str], list[str], str]:
    """Split a document into lines and each line's own ending; also return the newline to add at the end.

    Every line keeps the ending it had, so files with mixed endings come back byte for byte. A file with
    only carriage returns (old Mac) is split on them. The last line's ending is "" when the text did not
    end with a newline.
    """
    parts = re.split(r"(\r)", text) if "\n" not in text and "\r" in text else _BREAK.split(text)
    lines, endings = parts[0::2], [*parts[1::2], ""]
    if lines[-1] == "":
        lines.pop()
        endings.pop()
    crlf = endings.count("\r\n")
    newline = "\r" if "\r" in endings else "\r\n" if crlf > len(endings) - crlf - 1 else "\n"
    return lines, endings, newline


def clean_text(
    text: str, lang: str | None = None, config: Config | None = None, site: frozenset[str] | None = None
) -> Result:
    r"""Clean one document: remove boilerplate lines, repair typography, and say why for each change.

    `lang` is the document's language ("fr", "en", "de", ...; None: guessed from stopwords); `config`
    chooses the rules (default: all); `site` holds the folded lines learned for the document's site (see
    `cleaner.rules.learned`; None: no site rules). The Result has the cleaned text, one verdict per removed or repaired
    line (numbered in the input), the language used, and `stub` for a page that was only a 404 or paywall.

    >>> r = clean_text("Le ministre a parlé\u00a0lundi.\nPublicité\nLa suite du texte est ici, dit-il.\n")
    >>> print(r.text, end="")
    Le ministre a parlé lundi.
    La suite du texte est ici, dit-il.
    >>> [(v.code, v.line, v.action.value) for v in r.verdicts]
    [('TY006', 1, 'repair'), ('NV005', 2, 'drop')]
    >>> stub = clean_text("Harbour Lane Books\n404 - Page not found\nSorry, this page does not exist.\n")
    >>> stub.stub, stub.text, stub.lang
    (True, '', 'en')
    """
    config = config or DEFAULT
    counts = None if lang is not None else language.count(text)
    result, origin, counts = _clean_once(text, lang, config, site, counts)
    if lang is not None:
        return result
    # Each further pass removes at least one line (or stops), so the loop ends; it rarely runs at all.
    while True:
        if counts is None or language.sampled(result.text):
            counts = language.count(result.text)
        again = language.choose(counts, candidates=config.languages)
        if again == result.lang:
            break
        second, second_origin, counts = _clean_once(result.text, again, config, site, counts)
        if second.text == result.text:
            break
        result = _merge(result, second, origin)
        origin = [origin[i] for i in second_origin]
    return result


def _merge(first: Result, second: Result, origin: list[int]) -> Result:
    """A second pass over the first's output, with its verdicts moved to the input's line numbers."""
    input_lines = split_lines(first.original)[0]
    dropped = {origin[v.line - 1] + 1 for v in second.removed}
    verdicts = [v for v in first.verdicts if v.action is Action.DROP or v.line not in dropped]
    for v in second.verdicts:
        line = origin[v.line - 1] + 1
        original = input_lines[line - 1] if v.action is Action.DROP else v.original
        verdicts.append(replace(v, line=line, original=original))
    verdicts.sort(key=lambda v: (v.line, v.action is Action.REPAIR))
    return Result(second.text, first.original, tuple(verdicts), second.lang, first.stub or second.stub)


def _clean_once(
    text: str, lang: str | None, config: Config, site: frozenset[str] | None, counts: Counter[str] | None
) -> tuple[Result, list[int], Counter[str] | None]:
    """One pass of the engine: the result, each output line's input index, and the output's word counts.

    The word counts (for the language guess) are given when they follow from the input's `counts`.
    Guessing the output's language again read every word a second time (a tenth of the engine's time);
    the output's words are the input's less those of the removed lines, unless a repair changed letters
    (mojibake) or joined words (invisible characters), or the text is too long to be counted whole.
    """
    plan = _plan(config)
    quotes = config.quotes
    lines, endings, newline = split_lines(text)
    ended = not lines or endings[-1] != ""
    repairs: dict[int, list[Verdict]] = {}
    texts = list(lines)
    for i in _repair_candidates(lines, plan.repairs):
        line = lines[i]
        for _ in range(_REPAIR_PASSES):  # one repair can expose work for another; rarely a second pass
            before = line
            for rule in plan.repairs:
                assert rule.repair is not None
                fixed = rule.repair(line)
                if fixed != line:
                    repairs.setdefault(i, []).append(_verdict(rule, i, Action.REPAIR, line, fixed))
                    line = fixed
            if line == before:
                break
        texts[i] = line
    views = [LineView(i, line, not line.strip()) for i, line in enumerate(texts)]
    _fold(views)
    doc_lang = lang or language.choose(counts or language.count(text), candidates=config.languages)
    doc = DocView(views, doc_lang, site=site or frozenset())
    _apply_line_rules(doc, plan)
    _apply_context_rules(doc, plan.contexts, plan.scorers)

    final = {v.index: v.text for v in views if v.index not in doc.dropped}
    kept = [i for i in final if not views[i].blank]
    if plan.apostrophes:
        unified = ty.fix_apostrophes([final[i] for i in kept], quotes)
        for i, new in zip(kept, unified, strict=True):
            if new != final[i]:
                repairs.setdefault(i, []).append(_verdict(APOSTROPHES, i, Action.REPAIR, final[i], new))
                final[i] = new

    by_code = {r.code: r for r in plan.lines + plan.contexts + plan.scorers}
    verdicts: list[Verdict] = []
    for i in range(len(lines)):
        if i in doc.dropped:
            verdicts.append(_verdict(by_code[doc.dropped[i]], i, Action.DROP, lines[i], None, doc.scores.get(i)))
        else:
            verdicts.extend(repairs.get(i, ()))
    out, trailing = _assemble(views, doc.dropped, final, plan.final_newline)
    out_text = [final[i] for i in out]
    if plan.final_newline and out and (trailing or not ended):
        last = len(lines) - 1
        verdicts.append(_verdict(FINAL_NEWLINE, last, Action.REPAIR, lines[last], lines[last] + newline))
    tails = [endings[i] for i in out]
    if tails and not tails[-1] and plan.final_newline:
        tails[-1] = newline
    elif tails and not plan.final_newline and not ended:
        tails[-1] = ""  # the text ends as the input did: without a newline
    document = "".join(line + tail for line, tail in zip(out_text, tails, strict=True))
    # A stub is a document whose stub lines fired and left no content (NF004 took the rest, or the 404
    # lines were all there was), and whose stub lines say most of what it said (see _mostly_stub).
    stub = not any(not views[i].blank for i in out) and _mostly_stub(views, doc.dropped)
    result = Result(document, text, tuple(verdicts), doc_lang, stub, tuple(doc.long))
    return result, out, _output_counts(counts, text, lines, doc.dropped, verdicts)


_STUB_LINES = ("NF001", "NF002", "NF003")


def _mostly_stub(views: list[LineView], dropped: dict[int, str]) -> bool:
    """Whether the stub lines (NF001-NF003) are most of what a document says.

    The prose NF004 removed with them (an apology, a hint) may be at most twice as long as they are.
    "Page not found" above two sentences of a review made a stub of them, emptied past the drop-ratio
    guard; the guard now holds it back. Measured: the prose removed beside the stub lines is 0 to 1.6
    times their length in the stub samples and examples, 11.6 times in that page.
    """
    said = sum(len(views[i].text) for i, code in dropped.items() if code in _STUB_LINES)
    swept = sum(len(views[i].text) for i, code in dropped.items() if code == "NF004" and views[i].prose)
    return said > 0 and swept <= 2 * said


# Repairs that change a text's words: the others change only spaces and punctuation.
_WORD_REPAIRS = ("TY001", "TY002")


def _output_counts(
    counts: Counter[str] | None, text: str, lines: list[str], dropped: dict[int, str], verdicts: list[Verdict]
) -> Counter[str] | None:
    if counts is None or language.sampled(text) or any(v.code in _WORD_REPAIRS for v in verdicts):
        return None
    if not dropped:
        return counts
    out = counts.copy()  # subtract() walks the removed words only, where `-` walked every word of the page
    out.subtract(language.count("\n".join(lines[i] for i in dropped)))
    return out


def _verdict(
    rule: Rule, index: int, action: Action, original: str, replacement: str | None, score: float | None = None
) -> Verdict:
    return Verdict(rule.code, rule.name, index + 1, action, original, rule.summary, replacement, score)


def _repair_candidates(lines: list[str], repairs: tuple[Rule, ...]) -> Iterable[int]:
    """The lines some repair may change, in order: those a repair's hint finds (see typography.HINTS)."""
    hints = [ty.HINTS.get(rule.repair) for rule in repairs if rule.repair is not None]
    if not lines or any(hint is None for hint in hints):
        return range(len(lines))  # a repair without a hint sees every line
    document = Lines(lines)
    found: set[int] = set()
    for hint in hints:
        assert hint is not None
        found.update(document.matched(hint))
    return sorted(found)


def _fold(views: list[LineView]) -> None:
    """Fill in every line's folded keys, folding the whole document at once (see `fold_lines`)."""
    unglued, glued = fold_lines([view.text for view in views])
    for view, key, whole in zip(views, unglued, glued, strict=True):
        view._key = key
        view._keys = (key,) if key == whole else (key, whole)


# Pattern rules look at short lines (captions, labels, trails); on a line longer than this they are not
# run at all, so no input can make a regular expression take super-linear time (make bench-regex measures
# the worst case). Phrase rules still run: their trigger is a set lookup. The report notes the line.
LONG_LINE = 100_000


def _apply_line_rules(doc: DocView, plan: _Plan) -> None:
    rules = plan.lines
    doc.long.extend(view.index + 1 for view in doc.lines if len(view.text) > LONG_LINE and not view.blank)
    for index, mask in sorted(scanner(rules, doc.lang).candidates(doc.lines, LONG_LINE).items()):
        view = doc.lines[index]
        while mask:
            low = mask & -mask  # the rules in plan order: the first that matches names the removal
            rule = rules[low.bit_length() - 1]
            mask ^= low
            assert rule.line is not None
            if rule.line(view, doc.lang):
                doc.dropped[index] = rule.code
                doc.direct.add(index)
                break


def _apply_context_rules(doc: DocView, rules: tuple[Rule, ...], scorers: tuple[Rule, ...]) -> None:
    # The model scores the page the rules leave, so it runs once they have settled; what it removes can
    # give the rules more to do, and their removals change its features, so both repeat until neither
    # removes anything (each round removes at least one line, so this ends).
    _settle(doc, rules)
    while scorers and _settle(doc, scorers):
        _settle(doc, rules)


def _settle(doc: DocView, rules: tuple[Rule, ...]) -> int:
    """Run context rules until none removes anything more; the number of lines removed."""
    # Each pass can enable another (a caption enclosed by removed lines once its credit is removed), so
    # passes repeat until one removes nothing; each removes at least one line, so this ends. A rule is a
    # function of the drops so far: one that removed nothing needs no new run until another rule removes
    # a line (the confirming pass then runs only the rules before the last removal).
    removals = 0
    idle: dict[str, int] = {}  # rule code -> the count of removals when it last ran and removed nothing
    changed = True
    while changed:
        changed = False
        for rule in rules:
            assert rule.context is not None
            if idle.get(rule.code) == removals:
                continue
            before = removals
            for i in list(rule.context(doc)):
                if i not in doc.dropped and not doc.lines[i].blank:
                    doc.dropped[i] = rule.code
                    if rule.own_text:
                        doc.direct.add(i)
                    removals += 1
            if removals == before:
                idle[rule.code] = removals
            else:
                changed = True
                idle.pop(rule.code, None)
    return removals


def _assemble(
    views: list[LineView], dropped: dict[int, str], final: dict[int, str], trim_end: bool
) -> tuple[list[int], bool]:
    """The input indices of the output lines, and whether blank lines were trimmed at the end."""
    out: list[int] = []
    blanks: list[int] = []
    deleted = False
    for view in views:
        if view.index in dropped:
            deleted = True
        elif view.blank:
            blanks.append(view.index)
        else:
            if deleted:
                blanks = blanks[:1] if out else []
            out.extend(blanks)
            out.append(view.index)
            blanks, deleted = [], False
    if not trim_end and out:  # blank lines alone are not a document: nothing kept means empty output
        out.extend(blanks)
    return out, bool(blanks) and not deleted and trim_end
