"""The engine's contract: line structure, newlines, stubs, verdicts, configuration and idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Action, Config, Result, clean_text
from cleaner.engine.page import Drops

ARTICLE = "Le ministre a annoncé lundi que les négociations reprendraient la semaine prochaine."
SECOND = "Le conseil de sécurité s'est réuni en urgence à la demande de la Russie, mardi soir."
THIRD = "Les deux délégations se retrouveront à Genève avant la fin du mois, selon le communiqué."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{ARTICLE}\n\n{SECOND}\n\n\n{THIRD}\n", f"{ARTICLE}\n\n{SECOND}\n\n\n{THIRD}\n"),  # kept as is
        (f"{ARTICLE}\n\nPublicité\n\n{SECOND}\n", f"{ARTICLE}\n\n{SECOND}\n"),  # blanks left collapse to one
        (f"{ARTICLE}\nPublicité\n{SECOND}\n", f"{ARTICLE}\n{SECOND}\n"),  # no blank appears
        (f"Publicité\n\n{ARTICLE}\n", f"{ARTICLE}\n"),  # nothing left above the first line
        (f"{ARTICLE}\n\nPublicité\n\n", f"{ARTICLE}\n"),
        (f"{ARTICLE}", f"{ARTICLE}\n"),  # one final newline
        (f"{ARTICLE}\n\n\n", f"{ARTICLE}\n"),
        ("", ""),
        ("\n\n", ""),
        ("Publicité\nPartager :\n", ""),  # nothing left: empty output, not a newline
    ],
)
def test_line_structure(text: str, expected: str) -> None:
    assert clean_text(text, lang="fr").text == expected


def test_windows_newlines_are_kept_and_mixed_ones_are_not_lost() -> None:
    assert clean_text(f"{ARTICLE}\r\nPublicité\r\n{SECOND}\r\n", lang="fr").text == f"{ARTICLE}\r\n{SECOND}\r\n"
    mixed = f"{ARTICLE}\r\n{SECOND}\n"
    assert clean_text(mixed, lang="fr").text == mixed


def test_verdicts_name_the_rule_line_and_text() -> None:
    result = clean_text(f"{ARTICLE}\nPublicité\nIl a parlé\u00a0lundi.\n", lang="fr")
    drop, repair = result.verdicts
    assert (drop.code, drop.name, drop.line, drop.action, drop.original) == (
        "NV005",
        "ad-label",
        2,
        Action.DROP,
        "Publicité",
    )
    assert drop.family == "NV" and drop.reason
    assert (repair.code, repair.line, repair.action) == ("TY006", 3, Action.REPAIR)
    assert repair.replacement == "Il a parlé lundi."
    assert result.removed == (drop,) and result.repaired == (repair,) and result.changed


def test_repairs_on_removed_lines_are_not_reported() -> None:
    result = clean_text(f"{ARTICLE}\nPublicité\u00a0 \n", lang="fr")
    assert [v.code for v in result.verdicts] == ["NV005"]


def test_whole_stub_document_is_emptied_and_flagged() -> None:
    page = "Le Journal\nPage non trouvée\nLe contenu auquel vous tentez d'accéder n'existe pas.\nPlan\n"
    result = clean_text(page, lang="fr")
    assert result.text == "" and result.stub
    assert {v.code for v in result.removed} >= {"NF001", "NF002", "NF004"}


def test_stub_appended_to_an_article_removes_only_the_stub() -> None:
    result = clean_text(f"{ARTICLE}\n{SECOND}\nPage non trouvée\n", lang="fr")
    assert result.text == f"{ARTICLE}\n{SECOND}\n" and not result.stub


def test_config_selects_rules_and_apostrophe_style() -> None:
    text = f"{ARTICLE}\nPublicité\nl'ONG et d’Amnesty d’après\n"
    assert "Publicité" in clean_text(text, lang="fr", config=Config(ignore=("NV",))).text
    assert "Publicité" not in clean_text(text, lang="fr", config=Config(ignore=("NV0",), select=("NV005",))).text
    assert "l'ONG et d'Amnesty d'après" in clean_text(text, lang="fr", config=Config(quotes="ascii")).text
    assert "l’ONG et d’Amnesty d’après" in clean_text(text, lang="fr").text
    assert "l'ONG et d’Amnesty" in clean_text(text, lang="fr", config=Config(quotes="keep")).text
    with pytest.raises(ValueError, match="quotes"):
        Config(quotes="curly")


def test_language_is_guessed_or_taken_from_the_caller() -> None:
    assert clean_text(ARTICLE).lang == "fr"
    assert clean_text(ARTICLE, lang="de").lang == "de"
    assert clean_text("12345").lang is None


def test_short_lines_alone_are_not_boilerplate() -> None:
    text = f"La France appelle la Syrie et la Russie à empêcher les bombardements\n\n{ARTICLE}\n\nSyrie\n\n{SECOND}\n"
    assert clean_text(text, lang="fr").text == text


def test_idempotent_on_the_seeds(shared: Path) -> None:
    for path in sorted((shared / "seeds").glob("*.txt")):
        once = clean_text(path.read_text(encoding="utf-8"))
        assert clean_text(once.text).text == once.text, path.name
        assert clean_text(once.text, lang=once.lang).verdicts == (), path.name


def test_sputnik_control_loses_nothing(shared: Path) -> None:
    result = clean_text((shared / "seeds" / "002_a121c290141c00f9.txt").read_text(encoding="utf-8"))
    assert result.removed == ()


def test_the_page_removals_read_as_the_mapping_of_line_to_code() -> None:
    drops = Drops(6)
    expected: dict[int, str] = {}
    for i, code in [(4, "NV005"), (1, "SH001"), (4, "NV005"), (2, "NV005"), (5, "LQ001")]:
        drops.set(i, code)
        expected[i] = code
    assert dict(drops) == expected and len(drops) == 4 and list(drops) == [1, 2, 4, 5]
    assert 0 not in drops and 6 not in drops and -1 not in drops
    assert [bool(mark) for mark in drops.marks] == [i in expected for i in range(6)]  # the page's `gone`
    with pytest.raises(KeyError):
        drops[3]


def test_a_second_language_pass_keeps_the_long_line_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner.engine import LONG_LINE, core

    merged: list[Result] = []
    merge = core._merge

    def counted(first: Result, second: Result, origin: list[int]) -> Result:
        merged.append(second)
        return merge(first, second, origin)

    monkeypatch.setattr(core, "_merge", counted)
    boilerplate = "Folgen Sie uns auf Instagram und Facebook\nFolgen Sie uns auf Twitter und der Zeitung\nPublicité\n"
    text = boilerplate + "Le ministre a dit.\n" + "Le ministre a dit que " * (LONG_LINE // 20) + "\n"
    result = clean_text(text)
    assert merged, "the output's language differs from the input's: a second pass ran"
    assert result.long_lines == (5,)
