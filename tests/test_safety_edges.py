"""Edge cases decided for issue 16 and written down in the README ("Edge cases"), through the installed script.

Names holding control characters, a misspelt --text-field, --ignore ALL, an unknown --lang, an HTML text the
parser drops, and `learn` over inputs it cannot read. (The other decisions are tested beside the defects
they belong to: tests/test_safety_outputs.py, test_safety_in_place.py, test_safety_inputs.py.)
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from test_cli import ARTICLE_EN, ARTICLE_FR, SCRIPT, error_lines, snapshot, write_tree
from test_reliability import ENV, no_traceback, run

# ---------------------------------------------------------------- names holding control characters


def test_names_with_a_newline_or_escape_are_printed_escaped(tmp_path: Path) -> None:
    names = {"a\nb.txt": ARTICLE_FR, "c\x1b[31mred.txt": ARTICLE_EN, "d\x1b]0;title\x07.txt": "bin\x00ary"}
    for name, text in names.items():
        (tmp_path / name).write_bytes(text.encode())

    check = run("check", str(tmp_path), "--isolated", "-v", "--no-cache")
    diff = run("check", str(tmp_path), "--isolated", "--diff", "--no-cache")

    for output in (check.stdout, check.stderr, diff.stdout):
        assert "\x1b" not in output and "\x07" not in output, output
    findings = [line for line in check.stdout.splitlines() if ": " in line and not line.startswith("  |")]
    assert all(line.startswith(str(tmp_path)) for line in findings), findings  # one finding, one line
    assert f"{tmp_path}/a\\nb.txt:2:1: SO001" in check.stdout
    assert f"{tmp_path}/c\\x1b[31mred.txt: changed" in check.stderr.splitlines()
    assert f"--- {tmp_path}/a\\nb.txt" in diff.stdout.splitlines()
    assert error_lines(check.stderr) == [f"error: {tmp_path}/d\\x1b]0;title\\x07.txt: binary file (NUL bytes), skipped"]


# ---------------------------------------------------------------- a text field no record has


MISSING_FIELD = "none of its 3 records has a string field 'txt' (see --text-field); nothing cleaned"
RECORDS = "".join(json.dumps({"id": n, "text": ARTICLE_FR}) + "\n" for n in range(3)).encode()


@pytest.mark.parametrize("command", ["check", "clean"])
def test_a_text_field_no_record_has_is_an_error_not_all_clean(tmp_path: Path, command: str) -> None:
    write_tree(tmp_path / "src", {"d.jsonl": RECORDS})
    where = ["-o", str(tmp_path / "out")] if command == "clean" else ["--no-cache"]
    proc = run(command, str(tmp_path / "src"), *where, "--text-field", "txt", "--isolated")
    assert proc.returncode == 2, proc.stderr  # "All clean.", exit 0, before
    assert error_lines(proc.stderr) == [f"error: {tmp_path / 'src/d.jsonl'}: {MISSING_FIELD}"]
    assert "All clean." not in proc.stdout + proc.stderr
    assert not (tmp_path / "out/d.jsonl").exists()


def test_a_text_field_no_record_has_on_stdin_copies_the_records_and_says_so() -> None:
    proc = subprocess.run(
        [str(SCRIPT), "clean", "-", "--format", "jsonl", "--text-field", "txt", "--isolated"],
        input=RECORDS, capture_output=True, timeout=60, env=ENV, check=False,
    )  # fmt: skip
    assert proc.returncode == 2 and proc.stdout == RECORDS
    assert error_lines(proc.stderr.decode()) == [f"error: <stdin>: {MISSING_FIELD}"]


# ---------------------------------------------------------------- --ignore ALL, --lang


def test_ignore_all_disables_every_rule(tmp_path: Path) -> None:
    text = ARTICLE_FR.rstrip("\n")  # no final newline: TY009 is a rule too
    write_tree(tmp_path / "src", {"a.txt": text.encode()})
    check = run("check", str(tmp_path / "src"), "--ignore", "ALL", "--isolated", "--no-cache")
    clean = run("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--ignore", "ALL", "--isolated")
    nv = run("check", str(tmp_path / "src"), "--ignore", "ALL", "--extend-select", "NV", "--isolated", "--no-cache")
    assert check.returncode == 0 and check.stdout == "All clean.\n", check.stdout  # every rule ran, before
    assert clean.returncode == 0 and (tmp_path / "out/a.txt").read_bytes() == text.encode()
    codes = {line.split(": ")[1].split()[0] for line in nv.stdout.splitlines() if line.startswith(str(tmp_path))}
    assert codes == {"NV005"}, nv.stdout  # a longer selected prefix wins over ALL


@pytest.mark.parametrize("where", ["flag", "config"])
def test_an_unknown_language_is_refused(tmp_path: Path, where: str) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode()})
    if where == "config":
        (tmp_path / "cleaner.toml").write_text('languages = ["fr", "zz"]\n', encoding="utf-8")
    flags = ["--lang", "zz"] if where == "flag" else []
    proc = run("check", str(tmp_path / "a.txt"), *flags, "--no-cache")
    assert proc.returncode == 2, proc.stderr  # accepted before: the rules of no language ran
    prefix = "--lang" if where == "flag" else f"{tmp_path / 'cleaner.toml'}: languages"
    assert error_lines(proc.stderr) == [
        f"error: {prefix}: 'zz' is not a language cleaner knows (de, en, es, fr, it, pt); leave it out and the "
        "language is guessed"
    ]


# ---------------------------------------------------------------- HTML text the parser drops


def test_a_text_node_the_html_parser_drops_is_a_warning(tmp_path: Path) -> None:
    big = "Le ministre a parlé lundi à Paris. " * 300_000  # 10.8 MB in one paragraph
    page = f"<html><body><article><h1>Titre</h1><p>Premier paragraphe, dit-il.</p><p>{big}</p></article></body></html>"
    write_tree(tmp_path / "src", {"big.html": page.encode(), "small.html": b"<p>" + b"x" * 1000 + b"</p>"})
    proc = run("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--isolated", "-j", "1")
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning:")]
    assert f"warning: {tmp_path / 'src/big.html'}: over 10,000,000 bytes of text without markup, which the HTML " \
        "parser (libxml2) drops; the output lacks that text" in warnings, warnings  # fmt: skip
    assert not [line for line in warnings if "small.html" in line and "libxml2" in line]


# ---------------------------------------------------------------- learn over inputs it cannot read


@pytest.mark.parametrize("inputs", [["missing"], ["src", "missing"], ["empty"]])
def test_learn_writes_no_rules_file_from_inputs_it_cannot_read(tmp_path: Path, inputs: list[str]) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode()})
    (tmp_path / "empty").mkdir()
    rules = tmp_path / "rules.toml"
    rules.write_text("# reviewed by hand\nversion = 1\n", encoding="utf-8")
    before = snapshot(tmp_path)
    proc = run("learn", *[str(tmp_path / name) for name in inputs], "-o", str(rules), "--isolated")
    no_traceback(proc.stderr)
    assert proc.returncode == 2, proc.stderr
    assert snapshot(tmp_path) == before  # the reviewed file was replaced by an empty one, before
    assert len(error_lines(proc.stderr)) == 1, proc.stderr
