"""Rules on the command line: `rules`, `rule CODE`, --select/--extend-select/--ignore, --lang, the drop-ratio guard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import invoke, snapshot, write_tree

from cleaner.rules import ALL_RULES, Rule

# One French article with four removable lines of three NV rules and one SO rule.
CHROME = (
    "Aller au contenu principal\n"  # NV001 skip-link
    "Le ministre a parlé lundi à Paris de la réforme des retraites, selon son entourage.\n"
    "Publicité\n"  # NV005 ad-label
    "Suivez-nous sur Twitter\n"  # SO001 follow-us
    "Temps de lecture : 4 min\n"  # NV019 reading-time
    "La suite du texte est ici, dit-il, et il a ajouté que tout allait bien pour le pays.\n"
)
# English text with a German ad label: only German rules remove "Anzeige".
ANZEIGE = (
    "The storm hit the coast on Monday night, and officials said thousands were without power.\n"
    "Anzeige\n"
    "The storm hit the coast on Monday night again, officials said.\n"
)
# Nine lines of chrome around one short sentence: cleaning would remove about 90% of the characters.
HEAVY = (
    "Suivez-nous sur Twitter\n"
    "Suivez-nous sur Facebook\n"
    "Publicité\n"
    "Publicité\n"
    "Partager sur Facebook\n"
    "Partager sur Twitter\n"
    "Lire aussi : Frappes russes à Idleb : Moscou dément les accusations\n"
    "Le ministre parle.\n"
)
STUB = (
    "404 - Page not found\n"
    "Sorry, the page you are looking for doesn't exist or has been moved.\n"
    "Try searching our catalogue or go back to the homepage.\n"
)
STUBS = [
    pytest.param(STUB, id="404-with-a-hint"),
    pytest.param("Page non trouvée\nLe contenu n'existe pas.\n", id="fr-title-and-message"),
    pytest.param(
        "404 - Page not found\nSorry, the page you are looking for doesn't exist or has been moved.\n",
        id="en-title-and-message",
    ),
]


def codes_found(text: str, *args: str) -> list[str]:
    """The rule codes `check` reports on a text read from stdin, in order."""
    result = invoke("check", "-", "--output-format", "json", "--quiet", *args, stdin=text.encode())
    assert result.exit_code in (0, 1), result.output
    return [row["code"] for row in json.loads(result.stdout)]


# ---------------------------------------------------------------- rules and rule


def test_rules_lists_code_name_family_languages_and_summary_of_every_rule() -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["code", "name", "family", "languages", "summary"]
    assert len(rows) == len(ALL_RULES)
    for row, rule in zip(rows, ALL_RULES, strict=True):
        code, name, family, languages, summary = row.split(None, 4)
        assert (code, name, family) == (rule.code, rule.name, rule.family)
        assert languages == (",".join(rule.languages) or "any")
        assert summary == rule.summary


@pytest.mark.parametrize("rule", ALL_RULES, ids=[rule.code for rule in ALL_RULES])
def test_rule_explains_what_why_and_examples(rule: Rule) -> None:
    result = invoke("rule", rule.code.lower())
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"# {rule.name} ({rule.code})"
    what, why, examples = (lines.index(s) for s in ("## What it does", "## Why", "## Examples"))
    assert what < why < examples
    assert rule.summary in lines[what + 1 : why]
    assert rule.why in lines[why + 1 : examples]
    assert any(line.startswith("- ") for line in lines[examples + 1 :])


def test_rule_with_an_unknown_code_exits_2() -> None:
    result = invoke("rule", "XY123")
    assert result.exit_code == 2
    assert "XY123" in result.stderr and result.stdout == ""


# ---------------------------------------------------------------- selection


def test_all_rules_run_by_default() -> None:
    assert codes_found(CHROME) == ["NV001", "NV005", "SO001", "NV019"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(("--select", "SO"), ["SO001"], id="select-family"),
        pytest.param(("--select", "NV00"), ["NV001", "NV005"], id="select-prefix"),
        pytest.param(("--select", "nv005"), ["NV005"], id="select-code-lowercase"),
        pytest.param(("--select", "NV001,SO", "--select", "NV019"), ["NV001", "SO001", "NV019"], id="lists"),
        pytest.param(("--ignore", "NV"), ["SO001"], id="ignore-prefix"),
        pytest.param(("--ignore", "NV00"), ["SO001", "NV019"], id="ignore-longer-prefix"),
        pytest.param(("--select", "NV", "--ignore", "NV00"), ["NV019"], id="longer-ignore-wins"),
        pytest.param(("--ignore", "NV", "--select", "NV005"), ["NV005"], id="longer-select-wins"),
        pytest.param(("--select", "NV0", "--ignore", "NV01"), ["NV001", "NV005"], id="three-chars"),
        pytest.param(("--select", "SO", "--extend-select", "NV005"), ["NV005", "SO001"], id="extend-select"),
        pytest.param(("--ignore", "NV", "--extend-select", "NV005"), ["NV005", "SO001"], id="extend-beats-ignore"),
        pytest.param(("--select", "CK"), [], id="nothing-selected"),
    ],
)
def test_select_extend_select_and_ignore_take_codes_and_prefixes(args: tuple[str, ...], expected: list[str]) -> None:
    assert codes_found(CHROME, *args) == expected


@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
def test_unknown_code_or_prefix_is_a_usage_error(tmp_path: Path, option: str) -> None:
    write_tree(tmp_path / "src", {"a.txt": CHROME.encode()})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), option, "NV,XY")
    assert result.exit_code == 2
    assert f"error: {option}: unknown rule code or prefix 'XY'" in result.stderr
    assert not (tmp_path / "out").exists()
    assert invoke("check", str(tmp_path / "src"), option, "XY").exit_code == 2


# ---------------------------------------------------------------- --lang


def test_lang_forces_the_language_of_a_text() -> None:
    assert codes_found(ANZEIGE) == []  # guessed English: "Anzeige" is a word like any other
    assert codes_found(ANZEIGE, "--lang", "de") == ["NV005"]
    result = invoke("clean", "-", "--lang", "de", "-q", stdin=ANZEIGE.encode())
    assert "Anzeige" not in result.stdout


def test_lang_field_of_jsonl_records_is_used_when_present() -> None:
    records = [{"text": ANZEIGE, "lang": "de"}, {"text": ANZEIGE, "lang": "en"}, {"text": ANZEIGE, "sprache": "de"}]
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    default = invoke("clean", "-", "--format", "jsonl", "-q", stdin=data)
    other = invoke("clean", "-", "--format", "jsonl", "-q", "--lang-field", "sprache", stdin=data)
    assert ["Anzeige" in json.loads(line)["text"] for line in default.stdout.splitlines()] == [False, True, True]
    assert ["Anzeige" in json.loads(line)["text"] for line in other.stdout.splitlines()] == [True, True, False]


def test_lang_flag_overrides_the_jsonl_lang_field() -> None:
    # --lang forces a language: a record's own lang field must not win over the command line.
    data = (json.dumps({"text": ANZEIGE, "lang": "en"}) + "\n").encode()
    result = invoke("clean", "-", "--format", "jsonl", "--lang", "de", "-q", stdin=data)
    assert result.exit_code == 0
    assert "Anzeige" not in json.loads(result.stdout)["text"]


# ---------------------------------------------------------------- the drop-ratio guard and stubs


def test_check_reports_a_document_held_by_the_guard_and_exits_1(tmp_path: Path) -> None:
    write_tree(tmp_path, {"heavy.txt": HEAVY.encode()})
    result = invoke("check", str(tmp_path / "heavy.txt"), "--output-format", "concise")
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[0].startswith(f"{tmp_path / 'heavy.txt'}:1:1: HELD ")
    assert "max-drop-ratio 0.9" in result.stdout
    assert "held back by the drop-ratio guard" in result.stderr


def test_clean_leaves_a_held_document_unchanged_with_a_warning(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"heavy.txt": HEAVY.encode(), "a.txt": CHROME.encode()})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out/heavy.txt").read_bytes() == HEAVY.encode()
    assert (tmp_path / "out/a.txt").read_bytes() != CHROME.encode()
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert "held back by the drop-ratio guard" in warnings[0] and "heavy.txt" in warnings[0]


def test_max_drop_ratio_sets_the_threshold(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"heavy.txt": HEAVY.encode(), "a.txt": CHROME.encode()})
    off = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "off"), "--max-drop-ratio", "1")
    strict = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "strict"), "--max-drop-ratio", "0.2")
    assert off.exit_code == strict.exit_code == 0
    assert (tmp_path / "off/heavy.txt").read_bytes() == b"Le ministre parle.\n"
    assert "warning:" not in off.stderr
    # CHROME loses about 30% of its characters: held at 0.2, like the heavy page
    assert (tmp_path / "strict/a.txt").read_bytes() == CHROME.encode()
    assert (tmp_path / "strict/heavy.txt").read_bytes() == HEAVY.encode()
    assert len([line for line in strict.stderr.splitlines() if line.startswith("warning:")]) == 2
    assert invoke("check", str(tmp_path / "src/heavy.txt"), "--max-drop-ratio", "1", "-q").exit_code == 1


@pytest.mark.parametrize("value", ["0", "-0.5", "1.5", "abc"])
def test_bad_max_drop_ratio_is_a_usage_error(tmp_path: Path, value: str) -> None:
    write_tree(tmp_path / "src", {"a.txt": CHROME.encode()})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), f"--max-drop-ratio={value}")
    assert result.exit_code == 2
    assert "max-drop-ratio" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_held_jsonl_record_is_copied_byte_for_byte_and_named_by_line(tmp_path: Path) -> None:
    lines = [json.dumps({"id": 1, "text": CHROME}), json.dumps({"id": 2, "text": HEAVY}, ensure_ascii=False)]
    data = ("\n".join(lines) + "\n").encode()
    write_tree(tmp_path / "src", {"d.jsonl": data})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    out = (tmp_path / "out/d.jsonl").read_bytes().split(b"\n")
    assert out[1] == lines[1].encode()
    assert "Publicité" not in json.loads(out[0])["text"]
    assert f"{tmp_path / 'src/d.jsonl'}:2" in result.stderr
    check = invoke("check", str(tmp_path / "src/d.jsonl"), "--output-format", "json")
    held = [row for row in json.loads(check.stdout) if row["code"] == "HELD"]
    assert [row["line"] for row in held] == [2]


@pytest.mark.parametrize("stub", STUBS)
def test_a_stub_page_is_reported_as_a_stub_not_held(tmp_path: Path, stub: str) -> None:
    write_tree(tmp_path / "src", {"404.txt": stub.encode()})
    before = snapshot(tmp_path / "src")

    check = invoke("check", str(tmp_path / "src"), "--output-format", "json", "--max-drop-ratio", "0.1")
    clean = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--verbose")

    assert check.exit_code == 1
    codes = [row["code"] for row in json.loads(check.stdout)]
    assert codes and "HELD" not in codes and all(code.startswith("NF") for code in codes), codes
    assert clean.exit_code == 0, clean.output
    assert (tmp_path / "out/404.txt").read_bytes() == b""
    assert f"{tmp_path / 'src/404.txt'}: stub" in clean.stderr.splitlines()
    assert "1 stub document emptied" in clean.stderr
    assert "warning:" not in clean.stderr and "held back" not in clean.stderr
    assert snapshot(tmp_path / "src") == before
