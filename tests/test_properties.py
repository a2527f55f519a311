"""Property tests of `cleaner.clean_text`: robustness, idempotence, line structure, letters, determinism."""

from __future__ import annotations

import re

import ftfy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import Action, Config, Result, clean_text

# ---------------------------------------------------------------- helpers


def _separator(text: str) -> str:
    return "\r" if "\n" not in text and "\r" in text else "\r\n|\n"


def split_input(text: str) -> tuple[list[str], str]:
    """The lines of a document and the newline added after a last line that had none, as documented.

    Each line ends at its own "\\r\\n" or "\\n" (a stray "\\r" inside a line is a control character); a
    document with "\\r" but no "\\n" uses old-Mac newlines. The added newline is the majority one.
    """
    lines = re.split(_separator(text), text)
    if lines[-1] == "":
        lines.pop()
    crlf, lf = text.count("\r\n"), text.count("\n") - text.count("\r\n")
    newline = "\r" if _separator(text) == "\r" else "\r\n" if crlf > lf else "\n"
    return lines, newline


def output_lines(result: Result) -> list[str]:
    """The lines of the cleaned text, split as the input was."""
    lines = re.split(_separator(result.original), result.text)
    if lines[-1] == "":
        lines.pop()
    return lines


def dropped_lines(result: Result) -> set[int]:
    """The 1-based input line numbers removed by DROP verdicts."""
    return {v.line for v in result.verdicts if v.action is Action.DROP}


def repaired_kept_lines(result: Result) -> list[str]:
    """The kept input lines, each taken through its chain of REPAIR verdicts (the end-of-file one aside).

    Asserts along the way that each repair starts from the text the previous one left.
    """
    lines, _ = split_input(result.original)
    dropped = dropped_lines(result)
    kept: list[str] = []
    for number, line in enumerate(lines, start=1):
        if number in dropped:
            continue
        text = line
        for verdict in result.verdicts:
            if verdict.line != number or verdict.action is not Action.REPAIR or verdict.code == "TY009":
                continue
            assert verdict.original == text, (number, verdict)
            assert verdict.replacement is not None and verdict.replacement != text, verdict
            text = verdict.replacement
        kept.append(text)
    return kept


def letters(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


def _repeat(chunk: str, times: int) -> str:
    return chunk * times


def _ftfy_clean(text: str) -> bool:
    """Whether ftfy would leave the text's encoding alone (no mojibake for TY001 to repair)."""
    return bool(ftfy.fix_encoding(text) == text)


# ---------------------------------------------------------------- realistic material

PROSE = (
    "Le ministre a parlé lundi à Paris de la réforme des retraites, selon son entourage.",
    "La suite du texte est ici, dit-il, et il a ajouté que tout allait bien pour le pays.",
    "Moscou rejette les accusations d’Amnesty International sur ses frappes en Syrie.",
    "L'ONG affirme que les frappes ont fait plus de 150 morts parmi les civils depuis l'été.",
    "The minister said on Monday that the talks would resume next week in Geneva.",
    "The storm hit the coast on Monday night, and officials said thousands were without power.",
    "Der Minister sagte, dass die Koalition nicht mit der Regierung sprechen wird.",
    "Die Bahn erhöht zum Jahreswechsel die Preise im Fernverkehr deutlich, teilte das Unternehmen mit.",
)
HEADINGS = ("Syrie", "Économie", "Die Bahn", "OTAN", "Politique", "World", "Fazit", "Zutaten", "2 Eier")
TITLES = (
    "Syrie : la Russie rejette les accusations d'Amnesty International",
    "Storm leaves thousands without power",
    "Die Bahn erhöht die Preise",
)
BOILERPLATE = (
    "Suivez-nous sur Twitter",
    "Publicité",
    "Lire aussi : Le titre",
    "We use cookies to improve your experience.",
    "RT en français utilise des cookies pour exploiter et améliorer ses services.",
    "OK",
    "Accept",
    "Partager :",
    "Page non trouvée",
    "Page not found",
    "The page you are looking for does not exist.",
    "Cet article est réservé aux abonnés.",
    "Home › News › World",
    "TRT FR",
    "AFP",
    "Anzeige",
    "Folgen Sie uns auf Instagram und Facebook",
    "Impressum Datenschutz Kontakt",
    "Mentions légales",
    "© 2019 Le Journal. Tous droits réservés.",
    "Share this article",
    "Read more: Storm leaves thousands without power",
    "Prochain article",
    "Next article",
    "Home",
    "News",
    "Sport",
    "Culture",
    "Contact",
    "Menu",
    "Name *",
    "4 Min Read",
    "Tags : Syrie, Russie, Amnesty",
    "Newsletter",
    "Raconter l'actualité",
    "Le chef de la diplomatie russe Sergueï Lavrov, à Moscou, le 21 octobre 2016.",
    "Le chef de la diplomatie russe Sergueï Lavrov, à Moscou, le 21 octobre 2016. REUTERS/Sergei Karpukhin",
    "Syrie : la Russie rejette les accusations d'Amnesty International© Ministère russe de la Défense",
)
TYPOGRAPHY = (
    "Le ministre a parlé\u00a0lundi de l’accord.",
    "Réponse\u00a0: «\u00a0oui\u00a0», a dit l'avocat d’Amnesty.",
    "deux  espaces et une fin de ligne  ",
    "zero\u200bwidth et l'ONG",
    "comme _“des frappes présumées”_, a déclaré l’ONG",
    "etc…autrement dit, 10\u00a0000 personnes",
    "\t indentation  gardée",
)
MOJIBAKE = ("Le ministÃ¨re a dÃ©clarÃ© la guerre.", "l&#39;armée &amp; la marine", "dÃ©jÃ \u00a0vu")
NEWLINES = ("\n", "\r\n", "\r")

realistic_line = st.one_of(
    st.sampled_from(PROSE),
    st.sampled_from(HEADINGS),
    st.sampled_from(TITLES),
    st.sampled_from(BOILERPLATE),
    st.sampled_from(TYPOGRAPHY),
    st.sampled_from(MOJIBAKE),
    st.sampled_from(("", "   ", "\u00a0")),
)
long_line = st.builds(_repeat, st.text(min_size=1, max_size=12), st.integers(200, 2000))
any_line = st.one_of(realistic_line, st.text(max_size=60))


@st.composite
def documents(draw: st.DrawFn, line: st.SearchStrategy[str] = realistic_line) -> str:
    """A document of lines joined by one newline style, often with a title repeated further down."""
    lines = draw(st.lists(line, max_size=20))
    if draw(st.booleans()):
        title = draw(st.sampled_from(TITLES))
        lines.insert(0, title)
        if draw(st.booleans()):
            lines.insert(draw(st.integers(1, len(lines))), title)
    newline = draw(st.sampled_from(NEWLINES))
    ending = draw(st.sampled_from(("", newline, newline * 3, newline + " ")))
    return newline.join(lines) + ending


@st.composite
def mixed_endings(draw: st.DrawFn) -> str:
    """Lines (some very long) each ended by any of the three newline styles."""
    parts = draw(st.lists(st.tuples(st.one_of(any_line, long_line), st.sampled_from(NEWLINES)), max_size=12))
    return "".join(text + end for text, end in parts) + draw(st.text(max_size=5))


any_document = st.one_of(
    st.text(),
    documents(),
    documents(any_line),
    mixed_endings(),
)
languages = st.sampled_from((None, "fr", "en", "de"))

# Text ftfy has nothing to repair in: Latin letters with and without accents, quotes and apostrophes,
# no-break and zero-width spaces, markdown markers and ellipses.
CLEAN_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "éèêëàâäîïôöùûüçœæÿñãõáíóúßÉÈÊÀÂÎÔÙÛÇŒÆÑÃÖÜ"
    "0123456789 .,;:!?()-'’‘“”«»\"_*…\u00a0\u202f\u200b\t"
)
clean_line = st.one_of(
    st.text(alphabet=CLEAN_ALPHABET, max_size=60).filter(_ftfy_clean),
    st.sampled_from(PROSE + HEADINGS + TITLES + BOILERPLATE + TYPOGRAPHY),
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- properties


@FAST
@given(text=st.one_of(st.text(), mixed_endings(), long_line), lang=languages)
def test_any_unicode_text_is_cleaned_without_error(text: str, lang: str | None) -> None:
    result = clean_text(text, lang=lang)
    assert result.original == text
    assert isinstance(result.text, str)
    lines, _ = split_input(text)
    for verdict in result.verdicts:
        assert 1 <= verdict.line <= max(len(lines), 1), verdict


# Counterexamples hypothesis found with more examples than the suite runs, kept so they are always tried:
# trailing spaces before "\r\n" in a document with mixed newlines (once cleaned differently on the second
# run), a document whose guessed language changes once its boilerplate is gone, and mojibake split by a
# zero-width space (the space is removed by TY002 after TY001 has looked for mojibake, so only a second
# run repairs it).
MIXED_NEWLINE_TRAILING_SPACE = "Publicité\nLe ministre a dit,  \r\n"
HIDDEN_MOJIBAKE = "Le ministÃ\u200b¨re a parlé.\n"
LANGUAGE_SHIFT = "Folgen Sie uns auf Instagram und Facebook\nPublicité\nLe ministre a dit.\n"


@FAST
@example(text=MIXED_NEWLINE_TRAILING_SPACE)
@example(text=HIDDEN_MOJIBAKE)
@example(text=LANGUAGE_SHIFT)
@given(text=any_document)
def test_idempotent_with_guessed_language(text: str) -> None:
    once = clean_text(text).text
    assert clean_text(once).text == once


@FAST
@example(text=MIXED_NEWLINE_TRAILING_SPACE, lang="fr")
@example(text=HIDDEN_MOJIBAKE, lang="fr")
@given(text=any_document, lang=st.sampled_from(("fr", "en", "de")))
def test_idempotent_with_fixed_language(text: str, lang: str) -> None:
    once = clean_text(text, lang=lang).text
    assert clean_text(once, lang=lang).text == once


@FAST
@given(text=any_document, lang=languages)
def test_rules_delete_whole_lines_and_keep_order(text: str, lang: str | None) -> None:
    result = clean_text(text, lang=lang)
    lines, _ = split_input(text)
    drops = [v for v in result.verdicts if v.action is Action.DROP]
    for verdict in drops:
        assert 1 <= verdict.line <= len(lines), verdict
        assert lines[verdict.line - 1] == verdict.original, verdict
        assert verdict.replacement is None, verdict
    assert len({v.line for v in drops}) == len(drops), "a line was dropped twice"
    # Every non-blank output line is a kept input line (after its recorded repairs), in input order, and
    # every kept non-blank line is in the output.
    expected = [line for line in repaired_kept_lines(result) if line.strip()]
    assert [line for line in output_lines(result) if line.strip()] == expected


@FAST
@given(
    lines=st.lists(clean_line, max_size=15),
    newline=st.sampled_from(NEWLINES),
    lang=languages,
    quotes=st.sampled_from(("majority", "typographic", "ascii", "keep")),
)
@example(lines=["Â\u202fÆ«"], newline="\n", lang=None, quotes="majority")
def test_typography_keeps_letters(lines: list[str], newline: str, lang: str | None, quotes: str) -> None:
    # Letters change only in lines with a mojibake repair (TY001) on record: whitespace, quote and
    # invisible-character repairs never touch them. (A text ftfy leaves alone can still be read as
    # mojibake once a no-break space in it became a plain space; that change is then reported.)
    text = newline.join(lines) + newline
    result = clean_text(text, lang=lang, config=Config(quotes=quotes))
    dropped = dropped_lines(result)
    for number, before in enumerate(split_input(text)[0], start=1):
        chain = [v for v in result.verdicts if v.line == number and v.action is Action.REPAIR and v.code != "TY009"]
        if number in dropped or any(v.code == "TY001" for v in chain):
            continue
        after = chain[-1].replacement if chain else before
        assert after is not None and letters(after) == letters(before), (number, before, after)


@FAST
@given(text=any_document, lang=languages)
def test_output_ends_with_exactly_one_newline_or_is_empty(text: str, lang: str | None) -> None:
    result = clean_text(text, lang=lang)
    if result.text == "":
        return
    assert re.search(r"(?:\r\n|\n|\r)\Z", result.text), f"no final newline: {result.text[-40:]!r}"
    assert output_lines(result)[-1].strip(), f"blank line before the end: {result.text[-40:]!r}"


@settings(max_examples=60, deadline=None)
@given(text=any_document, lang=languages)
def test_deterministic(text: str, lang: str | None) -> None:
    assert clean_text(text, lang=lang) == clean_text(text, lang=lang)


def test_realistic_document_fires_rules() -> None:
    """The realistic material does exercise the rules (otherwise the properties above prove little)."""
    text = "\n".join((TITLES[0], "Syrie", TITLES[0], PROSE[2], *BOILERPLATE[:8], PROSE[3], "TRT FR")) + "\n"
    result = clean_text(text, lang="fr", config=Config(quotes="keep"))
    codes = {v.code for v in result.removed}
    assert {"DU001", "NV011", "SO001", "NV005", "RL001", "CK001", "CK002", "SH001", "NV009"} <= codes
    assert result.text == f"{TITLES[0]}\n{PROSE[2]}\n{PROSE[3]}\n"
