"""TY rules: typography repairs inside kept lines, each with its own code."""

from __future__ import annotations

from .. import typography as ty
from .base import Example, Rule

# Rule declarations are tables of data, laid out by hand for reading.
# fmt: off


def _repair(code: str, name: str, summary: str, why: str, fix: ty.LineFix, *cases: tuple[str, str]) -> Rule:
    examples = tuple(Example(before, before != after, fixed=after) for before, after in cases)
    return Rule(code, name, summary, why, examples, repair=fix)


# Invisible characters go first: a zero-width space inside "Ã\u200b¨" hides the mojibake from ftfy.
RULES = (
    _repair("TY002", "invisible-character", "Remove zero-width and control characters.",
            "Invisible characters split words for search and tokenisers without showing in the text. Soft "
            "hyphens are hyphenation points set by the publisher and stay.",
            ty.fix_invisible, ("zero\u200bwidth", "zerowidth"), ("soft\u00adhyphen", "soft\u00adhyphen"),
            ("bell\x07", "bell"), ("tab\tstays", "tab\tstays"), ("می\u200cخواهم", "می\u200cخواهم")),
    _repair("TY001", "mojibake", "Repair mojibake and HTML entities with ftfy (pinned configuration).",
            "Text decoded with the wrong encoding shows \"Ã©\" for \"é\"; ftfy restores the original letters.",
            ty.fix_mojibake, ("Le ministÃ¨re a dÃ©clarÃ©", "Le ministère a déclaré"),
            ("l&#39;armée", "l'armée"), ("déjà vu", "déjà vu"), ("5 < 6 &amp; 7", "5 < 6 &amp; 7")),
    _repair("TY003", "markdown-quote", "Remove markdown emphasis markers around quotation marks.",
            "Converters leave \"_“…”_\" where the page had italics; the underscores are not text.",
            ty.fix_markdown_quotes, ("comme _“des frappes”_, a dit", "comme “des frappes”, a dit"),
            ('the "_id" field', 'the "_id" field'), ("snake_case", "snake_case")),
    _repair("TY004", "ellipsis-space", "Add the missing space after an ellipsis that runs into a word.",
            "\"etc…autrement\" glues two words; inline markup between them was dropped.",
            ty.fix_ellipsis_space, ("etc…autrement dit", "etc… autrement dit"), ("Reuters […], a", "Reuters […], a"),
            ("…et puis", "…et puis")),
    _repair("TY005", "doubled-space", "Collapse runs of spaces between words to one.",
            "Removed inline elements leave doubled spaces; indentation at the start of a line is kept.",
            ty.fix_doubled_spaces, ("deux  espaces", "deux espaces"), ("  indented", "  indented")),
    _repair("TY006", "stray-nbsp", "Turn no-break spaces inside phrases into plain spaces.",
            "&nbsp; leftovers join words for tokenisers; French typography's no-break spaces before ; : ! ? » "
            "and after « stay, and so do digit-group separators.",
            ty.fix_nbsp, ("a pointé\u00a0le militaire", "a pointé le militaire"),
            ("Réponse\u00a0: «\u00a0oui\u00a0»", "Réponse\u00a0: «\u00a0oui\u00a0»"), ("10\u00a0000", "10\u00a0000")),
    _repair("TY007", "trailing-space", "Remove spaces at the end of a line.",
            "Trailing spaces and no-break spaces are invisible debris of removed inline elements.",
            ty.fix_trailing_space, ("fin de ligne\u00a0 ", "fin de ligne"), ("rien", "rien")),
)

# Apostrophe unification is a per-document decision (the majority style of the kept lines), applied by
# the engine after the removals; it is declared here so it is listed and explained with the others.
APOSTROPHES = Rule(
    "TY008",
    "apostrophe-style",
    "Write the apostrophes inside words in one style per document (option: majority, typographic, ascii, keep).",
    "Scraped pages mix ' and ’ (titles from one system, bodies from another); one style per document keeps "
    "tokens consistent. Quotation marks are not touched.",
    (
        Example("l'ONG et d’Amnesty d’après", True, fixed="l’ONG et d’Amnesty d’après"),
        Example("'quoted' and ‘quoted’", False, fixed="'quoted' and ‘quoted’"),
    ),
    repair=lambda line: ty.fix_apostrophes([line])[0],  # a one-line document; the engine passes all lines
)

# The end of the document is decided by the engine's assembly (blank lines a deletion leaves go too);
# this function states the same contract for a document with nothing removed.
FINAL_NEWLINE = Rule(
    "TY009",
    "end-of-file",
    "End the document with exactly one newline, without blank lines after the last line.",
    "Tools that concatenate or diff text files expect one final newline; trailing blank lines are debris.",
    (
        Example("last line", True, fixed="last line\n"),
        Example("last line\n\n\n", True, fixed="last line\n"),
        Example("last line\n", False, fixed="last line\n"),
    ),
    repair=ty.fix_end_of_file,
)
# fmt: on
