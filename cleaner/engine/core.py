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

import gc
import re
from collections.abc import Mapping

from .. import lang as language
from .. import typography as ty
from ..model import Result, Row, Verdicts
from ..rules import Rule
from ..rules.typography import APOSTROPHES, FINAL_NEWLINE
from ..rules.views import APOSTROPHE, CURLY_APOSTROPHE, HINT
from . import clock as _clock
from . import passes
from .config import DEFAULT, Config
from .fold import fold_pass
from .lines import LANGUAGES, LineTable, raw_pass
from .page import Page
from .plan import STOPWORDS, Plan, cues, plan

_REPAIR_PASSES = 4


def repair_line(line: str, config: Config | None = None) -> str:
    """A line after the typography repairs, as the rules read it (what `cleaner learn` counts)."""
    for _ in range(_REPAIR_PASSES):
        before = line
        for rule, _ in plan(config or DEFAULT).repairs:
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
    if "\r" not in text:  # the common case, split in C: every ending is "\n" but the last
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()
            return lines, ["\n"] * len(lines), "\n"
        return lines, [*(["\n"] * (len(lines) - 1)), ""], "\n"
    parts = re.split(r"(\r)", text) if "\n" not in text else _BREAK.split(text)
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
    collecting = gc.isenabled()
    gc.disable()  # the engine makes no reference cycles; collections during a run cost a twentieth of its time
    try:
        _clock.clock.start()
        return _clean(text, lang, config, site)
    finally:
        if collecting:
            gc.enable()


def _clean(text: str, lang: str | None, config: Config, site: frozenset[str] | None) -> Result:
    result, origin, counts = _clean_once(text, lang, config, site, None)
    if lang is not None:
        return result
    # Each further pass removes at least one line (or stops), so the loop ends; it rarely runs at all.
    while True:
        if counts is None or language.sampled(result.text):
            counts = votes(result.text)
        again = language.choose_votes(counts, candidates=config.languages)
        if again == result.lang:
            break
        second, second_origin, counts = _clean_once(result.text, again, config, site, counts)
        if second.text == result.text:
            break
        result = _merge(result, second, origin)
        origin = [origin[i] for i in second_origin]
    _clock.clock.mark("output")  # the output's language guess
    return result


def _merge(first: Result, second: Result, origin: list[int]) -> Result:
    """A second pass over the first's output, with its verdicts moved to the input's line numbers."""
    input_lines = split_lines(first.original)[0]
    first_rows, second_rows = Verdicts.of(first.verdicts).rows, Verdicts.of(second.verdicts).rows
    dropped = {origin[row[2] - 1] + 1 for row in second_rows if row[3]}
    rows = [row for row in first_rows if row[3] or row[2] not in dropped]
    for code, name, line, drop, original, reason, replacement, score in second_rows:
        line = origin[line - 1] + 1
        rows.append((code, name, line, drop, input_lines[line - 1] if drop else original, reason, replacement, score))
    rows.sort(key=lambda row: (row[2], not row[3]))
    unsure = tuple((origin[line - 1] + 1, score) for line, score in second.unsure)
    long = tuple(sorted({*first.long_lines, *(origin[line - 1] + 1 for line in second.long_lines)}))
    return Result(second.text, first.original, Verdicts(rows), second.lang, first.stub or second.stub, long, unsure)


def votes(text: str) -> list[int]:
    """Each language's stopword count in a text, as `lang.count` and `lang.choose` count them."""
    table = LineTable([language.sample(text)])
    raw_pass(table, 0, 1, plan(DEFAULT).literals, STOPWORDS, LONG_LINE, True)
    return list(table.langs[:LANGUAGES])


def _clean_once(
    text: str, lang: str | None, config: Config, site: frozenset[str] | None, counts: list[int] | None
) -> tuple[Result, list[int], list[int] | None]:
    """One pass of the engine: the result, each output line's input index, and the output's language votes.

    The votes (for the language guess) are given when they follow from the input's `counts`. Guessing the
    output's language again read every word a second time (a tenth of the engine's time); the output's
    words are the input's less those of the removed lines, unless a repair changed letters (mojibake) or
    joined words (invisible characters), or the text is too long to be counted whole.
    """
    clock = _clock.clock
    chosen = plan(config)
    lines, endings, newline = split_lines(text)
    ended = not lines or endings[-1] != ""
    n = len(lines)
    table = LineTable(list(lines))
    count = lang is None and counts is None and not language.sampled(text)
    clock.mark("split")
    raw_pass(table, 0, n, chosen.literals, STOPWORDS, LONG_LINE, count)
    clock.mark("raw")
    repairs = _repair(table, chosen)
    clock.mark("repairs")
    if lang is None and counts is None:
        counts = passes.votes(table.langs, LANGUAGES, None) if count else votes(text)
    doc_lang = lang or language.choose_votes(counts or [0] * LANGUAGES, candidates=config.languages)
    fold_pass(table, 0, n, cues(chosen, doc_lang), chosen.folded, chosen.folded_words, LONG_LINE)
    clock.mark("fold")
    doc = Page(table, doc_lang, site or frozenset())
    _apply_line_rules(doc, chosen)
    clock.mark("line rules")
    _apply_context_rules(doc, chosen.contexts, chosen.scorers)
    doc.release()

    texts = table.texts
    final = _apostrophes(table, doc, config.quotes, repairs) if chosen.apostrophes else {}
    by_code = {r.code: r for r in chosen.lines + chosen.contexts + chosen.scorers}
    verdicts = Verdicts()
    codes, numbers, drops, originals = verdicts.codes, verdicts.lines, verdicts.drops, verdicts.originals
    scores, names = doc.scores, verdicts.names
    dropped = doc.dropped
    marks, code_of = dropped.marks, dropped.codes  # a removed line's mark, and the code of each mark
    for i in sorted([*passes.marked(marks), *(i for i in repairs if not marks[i])]):
        code = code_of[marks[i]] if marks[i] else None
        if code is None:
            for row in repairs[i]:
                verdicts.add(*row)
            continue
        if code not in names:
            rule = by_code[code]
            names[code] = (rule.name, rule.summary)
        if i in scores:
            verdicts.extras[len(codes)] = (None, scores[i])
        codes.append(code)  # the columns filled in place: this loop runs for every removed line
        numbers.append(i + 1)
        drops.append(1)
        originals.append(lines[i])
    out, trailing = passes.assemble(table.blank, doc.gone, chosen.final_newline)
    if chosen.final_newline and out and (trailing or not ended):
        last = n - 1
        verdicts.add(*_repaired(FINAL_NEWLINE, last, lines[last], lines[last] + newline))
    tails = [endings[i] for i in out]
    if tails and not tails[-1] and chosen.final_newline:
        tails[-1] = newline
    elif tails and not chosen.final_newline and not ended:
        tails[-1] = ""  # the text ends as the input did: without a newline
    pieces = [final.get(i, texts[i]) for i in out] if final else [texts[i] for i in out]
    ending = tails[-1] if tails else ""
    if ending in ("\n", "") and tails.count("\n") == len(tails) - (ending == ""):  # "\n" ends all lines but the last
        document = "\n".join(pieces) + ending  # no copy of each line with its ending
    else:
        document = "".join([piece + tail for piece, tail in zip(pieces, tails, strict=True)])
    # A stub is a document whose stub lines fired and left no content (NF004 took the rest, or the 404
    # lines were all there was), and whose stub lines say most of what it said (see _mostly_stub).
    stub = all(table.blank[i] for i in out) and _mostly_stub(doc)
    gone = doc.gone
    unsure = tuple((i + 1, score) for i, score in sorted(doc.unsure.items()) if not gone[i])
    result = Result(document, text, verdicts, doc_lang, stub, tuple(doc.long), unsure)
    output_votes = _output_counts(counts, text, table, doc.dropped, verdicts)
    clock.mark("output")
    return result, out, output_votes


def _repair(table: LineTable, chosen: Plan) -> dict[int, list[Row]]:
    """Run the repairs on the lines they may change (their hint flags); the raw pass reads a changed line again.

    Each repair runs on a line only while the raw pass's flags say it may change it: a line with a doubled
    space runs the space repair, not ftfy's pre-check and the five others (which cost 6 ms per MB of dev
    text when every repair ran on every hinted line). A change can give the line another repair's work, so
    the flags are read again after each change.
    """
    repairs: dict[int, list[Row]] = {}
    if not chosen.repairs:
        return repairs
    texts, flags = table.texts, table.flags
    for i in passes.hinted(table, HINT):
        line = texts[i]
        for _ in range(_REPAIR_PASSES):  # one repair can expose work for another; rarely a second pass
            before = line
            for rule, hint in chosen.repairs:
                if flags[i] & hint:
                    assert rule.repair is not None
                    fixed = rule.repair(line)
                    if fixed != line:
                        repairs.setdefault(i, []).append(_repaired(rule, i, line, fixed))
                        line = texts[i] = fixed
                        raw_pass(table, i, i + 1, chosen.literals, STOPWORDS, LONG_LINE, False)  # votes: the input's
            if line == before:
                break
    return repairs


def _apostrophes(table: LineTable, doc: Page, quotes: str, repairs: dict[int, list[Row]]) -> dict[int, str]:
    """The kept lines whose in-word apostrophes change to the document's style (TY008), with their new text."""
    flags = table.flags
    kept = [i for i in doc.kept() if flags[i] & (APOSTROPHE | CURLY_APOSTROPHE)]  # no apostrophe: no change
    if quotes == "majority" and not (  # both kinds among the kept lines, or nothing changes
        any(flags[i] & APOSTROPHE for i in kept) and any(flags[i] & CURLY_APOSTROPHE for i in kept)
    ):
        return {}
    texts = table.texts
    final: dict[int, str] = {}
    unified = ty.fix_apostrophes([texts[i] for i in kept], quotes)
    for i, new in zip(kept, unified, strict=True):
        if new != texts[i]:
            repairs.setdefault(i, []).append(_repaired(APOSTROPHES, i, texts[i], new))
            final[i] = new
    return final


_STUB_LINES = ("NF001", "NF002", "NF003")


def _mostly_stub(doc: Page) -> bool:
    """Whether the stub lines (NF001-NF003) are most of what a document says.

    The prose NF004 removed with them (an apology, a hint) may be at most twice as long as they are.
    "Page not found" above two sentences of a review made a stub of them, emptied past the drop-ratio
    guard; the guard now holds it back. Measured: the prose removed beside the stub lines is 0 to 1.6
    times their length in the stub samples and examples, 11.6 times in that page.
    """
    if not any(code.startswith("NF") for code in doc.codes):
        return False
    texts = doc.texts
    said = sum(len(texts[i]) for i in doc.removed_by(*_STUB_LINES))
    swept = sum(len(texts[i]) for i in doc.removed_by("NF004") if doc.prose(i))
    return said > 0 and swept <= 2 * said


# Repairs that change a text's words: the others change only spaces and punctuation.
_WORD_REPAIRS = ("TY001", "TY002")


def _output_counts(
    counts: list[int] | None, text: str, table: LineTable, dropped: Mapping[int, str], verdicts: Verdicts
) -> list[int] | None:
    if counts is None or language.sampled(text) or any(code in verdicts.names for code in _WORD_REPAIRS):
        return None
    if not dropped:
        return counts
    removed = passes.votes(table.langs, LANGUAGES, list(dropped))  # a repaired line kept its input's votes
    return [a - b for a, b in zip(counts, removed, strict=True)]


def _repaired(rule: Rule, index: int, original: str, replacement: str) -> Row:
    """The verdict row of a repair of line `index` (0-based) by a rule."""
    return (rule.code, rule.name, index + 1, False, original, rule.summary, replacement, None)


# Pattern rules look at short lines (captions, labels, trails); on a line longer than this they are not
# run at all, so no input can make a regular expression take super-linear time (make bench-regex measures
# the worst case). Phrase rules still run: their trigger is a set lookup. The report notes the line.
LONG_LINE = 100_000


def _apply_line_rules(doc: Page, chosen: Plan) -> None:
    rules = chosen.lines
    table = doc.table
    views = doc.lines
    lang = doc.lang
    decided = table.decided
    for index, mask in passes.candidates(table, chosen, LONG_LINE, chosen.codes, doc):
        view = views.view(index)  # not kept in the page's views: a long page has a candidate every few lines
        while mask:
            low = mask & -mask  # the rules in plan order: the first that matches names the removal
            rule = rules[low.bit_length() - 1]
            mask ^= low
            assert rule.line is not None
            if decided[index] & low or rule.line(view, lang):
                doc.drop(index, rule.code, True)
                break


def _apply_context_rules(doc: Page, rules: tuple[Rule, ...], scorers: tuple[Rule, ...]) -> None:
    # The model scores the page the rules leave, so it runs once they have settled; what it removes can
    # give the rules more to do, and their removals change its features, so both repeat until neither
    # removes anything (each round removes at least one line, so this ends).
    clock = _clock.clock
    _settle(doc, rules)
    clock.mark("context rules")
    while scorers and _settle(doc, scorers):
        _settle(doc, rules)
    clock.mark("model")


def _settle(doc: Page, rules: tuple[Rule, ...]) -> int:
    """Run context rules until none removes anything more; the number of lines removed."""
    # Each pass can enable another (a caption enclosed by removed lines once its credit is removed), so
    # passes repeat until one removes nothing; each removes at least one line, so this ends. A rule is a
    # function of the drops so far: one that removed nothing needs no new run until another rule removes
    # a line (the confirming pass then runs only the rules before the last removal).
    removals = 0
    idle: dict[str, int] = {}  # rule code -> the count of removals when it last ran and removed nothing
    gone, blank = doc.gone, doc.table.blank
    changed = True
    while changed:
        changed = False
        for rule in rules:
            assert rule.context is not None
            if idle.get(rule.code) == removals:
                continue
            if rule.requires and not any(code.startswith(rule.requires) for code in doc.codes):
                idle[rule.code] = removals  # nothing it reads was removed: it would remove nothing
                continue
            before = removals
            for i in list(rule.context(doc)):
                if not gone[i] and not blank[i]:
                    doc.drop(i, rule.code, rule.own_text)
                    removals += 1
            if removals == before:
                idle[rule.code] = removals
            else:
                changed = True
                idle.pop(rule.code, None)
    return removals
