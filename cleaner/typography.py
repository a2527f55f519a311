"""Typography repairs: pure str -> str fixes that change characters inside a line, never its words."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

# ---------------------------------------------------------------- mojibake (ftfy)

# ftfy runs at about 1.6 MB/s; this pre-check runs at over 100 MB/s and fires on what ftfy can repair:
# UTF-8 read as Latin-1 or Windows-1252 ("Ã©", "â€™", "Â "), C1 controls, HTML entities, the
# replacement character next to such sequences, and lone surrogates. A lead byte is followed by as many
# continuation bytes as UTF-8 gives it (one after Â-ß, two after à-ï, three after ð-ô): "ä" before a soft
# hyphen is German, not mojibake, and such lines (134 of the 188 the check passed on the dev pages) cost
# ftfy 0.6 ms each for nothing, a fifteenth of the engine's time without the model.
# Written with one character class first, then what must follow each kind of first character: Python's
# `re` skips quickly to a class, where an alternation is tried at every position (0.05 s against 0.24 s
# over the dev pages, same matches).
_CONTINUATION = "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4\u0080-\u009f&\ud800-\udfff](?:"
    f"(?<=[\u00c2-\u00df]){_CONTINUATION}|(?<=[\u00e0-\u00ef]){_CONTINUATION}{{2}}"
    f"|(?<=[\u00f0-\u00f4]){_CONTINUATION}{{3}}"
    "|(?<=[\u0080-\u009f\ud800-\udfff])|(?<=&)(?:#\\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});)"
)


@cache
def _ftfy_config() -> Any:
    import ftfy  # imported on first use: most documents never need it

    return ftfy.TextFixerConfig(
        unescape_html="auto",  # "&eacute;" -> "é", but not in text that holds markup ('<')
        remove_terminal_escapes=True,
        fix_encoding=True,  # the point: mojibake ("dÃ©jÃ " -> "déjà")
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,  # "ﬁ" is a letter choice, not an error: words are never rewritten
        fix_character_width=False,  # full-width characters are meaningful in CJK text (datatrove does the same)
        uncurl_quotes=False,  # curly quotes are correct typography; apostrophes have their own option
        fix_line_breaks=False,  # lines are the unit; the engine owns line structure
        fix_surrogates=True,
        remove_control_chars=True,
        normalization=None,  # NFC/NFKC would rewrite characters the user did not ask to change
        explain=False,
    )


def fix_mojibake(line: str) -> str:
    """Repair mojibake and entities with ftfy, only where the pre-check says it may be needed.

    >>> fix_mojibake("Le ministÃ¨re a dÃ©clarÃ©")
    'Le ministère a déclaré'
    >>> fix_mojibake("déjà vu")
    'déjà vu'
    """
    if _MOJIBAKE_HINT.search(line) is None:
        return line
    import ftfy

    fixed: str = ftfy.fix_text(line, config=_ftfy_config())
    return fixed if "\n" not in fixed else line


# ---------------------------------------------------------------- spaces and invisible characters

_NBSP = "\u00a0\u202f"
# French typography keeps a no-break space before ; : ! ? » % and after «, and digit groups use one
# ("10 000"); everywhere else in scraped text it is a leftover of &nbsp; inside a phrase.
_STRAY_NBSP = re.compile(r"(?<![«\d\s])[\u00a0\u202f](?![;:!?»%\s])|(?<=\d)[\u00a0\u202f](?=[^\W\d])")


def fix_nbsp(line: str) -> str:
    """Turn stray no-break spaces into plain spaces; keep the typographic ones.

    >>> fix_nbsp("a pointé\u00a0le militaire")
    'a pointé le militaire'
    >>> fix_nbsp("Réponse\u00a0: «\u00a0oui\u00a0»")
    'Réponse\u00a0: «\u00a0oui\u00a0»'
    """
    if "\u00a0" not in line and "\u202f" not in line:
        return line
    return _STRAY_NBSP.sub(" ", line)


# Zero-width spaces, BOMs and C0 controls (tab kept) are invisible debris; so is a carriage return
# inside a line (the engine splits off each line's own "\r\n" or "\n" first). ZWJ and ZWNJ are removed only
# between Latin letters: in Persian, Indic scripts and emoji sequences they are spelling. Soft hyphens
# stay: German publishers set them on purpose as hyphenation points, and removing them rewrites the
# words (the dev set's gold snippets keep them).
_INVISIBLE = re.compile(
    "[\u200b\u2060\ufeff\u0000-\u0008\u000b-\u000d\u000e-\u001f\u007f]|(?<=[A-Za-zÀ-ɏ])[\u200c\u200d](?=[A-Za-zÀ-ɏ])"
)


def fix_invisible(line: str) -> str:
    """Remove zero-width and control characters.

    >>> fix_invisible("zero\u200bwidth and bell\u0007")
    'zerowidth and bell'
    """
    return _INVISIBLE.sub("", line)


_DOUBLED = re.compile(r"(?<=\S)[ \u00a0\u202f]{2,}(?=\S)")


def fix_doubled_spaces(line: str) -> str:
    """Collapse runs of spaces between words to one (a no-break space in the run is kept, for `fix_nbsp`).

    >>> fix_doubled_spaces("deux  espaces et\u00a0 insécable")
    'deux espaces et\u00a0insécable'
    >>> fix_doubled_spaces("    indented code  stays indented")
    '    indented code stays indented'
    """
    if "  " not in line and "\u00a0 " not in line and " \u00a0" not in line and "\u202f " not in line:
        return line
    return _DOUBLED.sub(lambda m: "\u00a0" if "\u00a0" in m.group(0) else " ", line)


def fix_trailing_space(line: str) -> str:
    """Remove spaces at the end of a line.

    >>> fix_trailing_space("fin de ligne\u00a0 ")
    'fin de ligne'
    """
    return line.rstrip(" \t\u00a0\u202f")


# ---------------------------------------------------------------- markdown leftovers and ellipses

_MARKDOWN_QUOTE = re.compile(r"(?<![\w_*])[_*]{1,2}(?=[“«\"„‘])|(?<=[”»\"“’])[_*]{1,2}(?![\w_*])")


def fix_markdown_quotes(line: str) -> str:
    """Remove markdown emphasis markers hugging quotation marks.

    >>> fix_markdown_quotes("comme _“des frappes présumées”_, a déclaré")
    'comme “des frappes présumées”, a déclaré'
    >>> fix_markdown_quotes('the "_id" field')
    'the "_id" field'
    """
    if "_" not in line and "*" not in line:
        return line
    return _MARKDOWN_QUOTE.sub("", line)


_ELLIPSIS_GLUED = re.compile(r"(?<=[\w)\]”»])…(?=[^\W\d_])")


def fix_ellipsis_space(line: str) -> str:
    """Add the missing space after an ellipsis that runs into the next word.

    >>> fix_ellipsis_space("etc…autrement dit")
    'etc… autrement dit'
    >>> fix_ellipsis_space("Reuters […], a-t-il")
    'Reuters […], a-t-il'
    """
    if "…" not in line:
        return line
    return _ELLIPSIS_GLUED.sub("… ", line)


# ---------------------------------------------------------------- where a repair can fire

# For each line repair, a necessary condition as one expression: a line it does not match is left as
# it is by that repair. The engine searches them over the whole document at once and repairs only the
# lines they point to (per line, the seven repairs cost a sixth of the engine's time on the dev pages,
# and most lines need none). A repair's own expression serves when its lookarounds read a newline as
# they read the end of a line; with `$` at every line, a newline is the end of a line.
HINTS: dict[Callable[[str], str], re.Pattern[str]] = {
    fix_mojibake: _MOJIBAKE_HINT,
    fix_nbsp: re.compile("[\u00a0\u202f]"),
    fix_invisible: re.compile("[\u200b-\u200d\u2060\ufeff\u0000-\u0008\u000b-\u001f\u007f]"),
    # Two spaces after a non-space (indentation matched 760,000 times); the class first, as above.
    fix_doubled_spaces: re.compile("[ \u00a0\u202f][ \u00a0\u202f](?<=\\S..)"),
    fix_trailing_space: re.compile("[ \t\u00a0\u202f]$", re.MULTILINE),
    fix_markdown_quotes: re.compile('[_*”»"“’](?:(?<=[_*])[“«"„‘]|(?<=[”»"“’])[_*])'),  # 0.46 s -> 0.06 s
    fix_ellipsis_space: re.compile("…"),
}


# ---------------------------------------------------------------- apostrophes (per document)

# An apostrophe between two letters; the apostrophe first, as Python's `re` finds a class quickly.
_APOSTROPHE = re.compile(r"['’](?<=[^\W\d_].)(?=[^\W\d_])")
QUOTE_STYLES = ("majority", "typographic", "ascii", "keep")


def apostrophe_style(lines: Iterable[str], style: str) -> str | None:
    """The apostrophe a document's in-word apostrophes should use, or None to leave them.

    "majority" picks the style most used inside words (typographic on a tie, the common case in edited
    text); "typographic" and "ascii" force one; "keep" leaves them.
    """
    if style == "keep":
        return None
    if style == "typographic":
        return "’"
    if style == "ascii":
        return "'"
    text = "\n".join(lines)  # a newline reads as a line's end to the lookarounds
    if "'" not in text or "’" not in text:  # one style or none: nothing to unify (most documents)
        return None
    counts = Counter(_APOSTROPHE.findall(text))
    if len(counts) < 2:
        return None
    return "’" if counts["’"] >= counts["'"] else "'"


def fix_apostrophes(lines: list[str], style: str = "majority") -> list[str]:
    """Write the in-word apostrophes of a document's lines in one style.

    >>> fix_apostrophes(["l'ONG", "d’Amnesty d’après"])
    ['l’ONG', 'd’Amnesty d’après']
    """
    target = apostrophe_style(lines, style)
    return lines if target is None else [unify_apostrophes(line, target) for line in lines]


def unify_apostrophes(line: str, target: str) -> str:
    """Write every in-word apostrophe of a line as `target`.

    >>> unify_apostrophes("l'ONG et d’Amnesty", "’")
    'l’ONG et d’Amnesty'
    """
    return _APOSTROPHE.sub(target, line)


def fix_end_of_file(text: str) -> str:
    r"""End a text with exactly one newline and no blank lines after its last line.

    >>> fix_end_of_file("a\n\n  \n")
    'a\n'
    >>> fix_end_of_file("")
    ''
    """
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


LineFix = Callable[[str], str]  # a repair: one line in, the same line repaired out
