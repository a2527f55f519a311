"""`cleaner check`: ruff-style findings and exit codes, --diff, --fix, the output formats and --statistics."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from test_cli import (
    ARTICLE_DE,
    ARTICLE_EN,
    ARTICLE_FR,
    PLAIN,
    cleaned,
    files_under,
    invoke,
    run_script,
    snapshot,
    write_tree,
)

# path:line:col: CODE message, as ruff prints it
FINDING = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{2}\d{3}|HELD) (?P<message>\S.*)$")
GITHUB = re.compile(
    r"^::(?P<kind>warning|error) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"title=(?P<title>[^:]+)::(?P<message>.+)$"
)
HUNK = re.compile(r"^@@ -(?P<start>\d+)(?:,(?P<length>\d+))? \+\d+(?:,\d+)? @@")
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


def findings_of(stdout: str) -> list[re.Match[str]]:
    return [m for line in stdout.splitlines() if (m := FINDING.match(line))]


def apply_diff(original: str, diff: str) -> str:
    """Apply a unified diff (one file) to a text; lines outside hunks (headers, footers) are ignored."""
    source = original.splitlines(keepends=True)
    lines = re.split(r"(?<=\n)", diff)
    result: list[str] = []
    position = 0
    i = 0
    while i < len(lines):
        hunk = HUNK.match(lines[i])
        i += 1
        if hunk is None:
            continue
        start = int(hunk["start"]) - (0 if hunk["length"] == "0" else 1)
        result.extend(source[position:start])
        position = start
        last_added = False
        while i < len(lines) and lines[i][:1] in (" ", "-", "+", "\\"):
            kind, body = lines[i][:1], lines[i][1:]
            if kind == " ":
                assert source[position].rstrip("\r\n") == body.rstrip("\r\n"), (source[position], body)
                result.append(source[position])
                position += 1
            elif kind == "-":
                assert source[position].rstrip("\r\n") == body.rstrip("\r\n"), (source[position], body)
                position += 1
            elif kind == "+":
                result.append(body)
            elif last_added:  # "\ No newline at end of file" after an added line
                result[-1] = result[-1].removesuffix("\n")
            last_added = kind == "+"
            i += 1
    result.extend(source[position:])
    return "".join(result)


# ---------------------------------------------------------------- findings and exit codes


def test_check_prints_one_ruff_style_finding_per_line_and_exits_1(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode()})
    before = snapshot(tmp_path)

    result = invoke("check", str(tmp_path / "a.txt"))

    assert result.exit_code == 1, result.output
    found = findings_of(result.stdout)
    assert [(m["path"], m["line"], m["col"], m["code"]) for m in found] == [
        (str(tmp_path / "a.txt"), "2", "1", "SO001"),
        (str(tmp_path / "a.txt"), "3", "20", "TY006"),  # a repair points at its column: the no-break space
        (str(tmp_path / "a.txt"), "4", "1", "NV005"),
    ]
    assert "Suivez-nous sur Twitter" in found[0]["message"]
    assert snapshot(tmp_path) == before  # check never writes
    assert len(result.stderr.splitlines()) == 1  # the summary


def test_check_exits_0_when_nothing_would_change(tmp_path: Path) -> None:
    write_tree(tmp_path, {"plain.txt": PLAIN.encode(), "also.md": PLAIN.encode()})
    result = invoke("check", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert findings_of(result.stdout) == []
    assert "All clean." in result.stdout


def test_check_exits_1_when_any_file_of_a_folder_would_change(tmp_path: Path) -> None:
    write_tree(tmp_path, {"plain.txt": PLAIN.encode(), "sub/de.txt": ARTICLE_DE.encode()})
    result = invoke("check", str(tmp_path))
    assert result.exit_code == 1, result.output
    assert {m["path"] for m in findings_of(result.stdout)} == {str(tmp_path / "sub/de.txt")}


def test_check_exit_codes_from_the_installed_script(tmp_path: Path) -> None:
    write_tree(tmp_path, {"plain.txt": PLAIN.encode(), "a.txt": ARTICLE_FR.encode()})
    clean = run_script("check", str(tmp_path / "plain.txt"))
    dirty = run_script("check", str(tmp_path))
    assert clean.returncode == 0, clean.stderr
    assert dirty.returncode == 1, dirty.stderr
    assert len(findings_of(dirty.stdout.decode())) == 3


def test_check_reads_stdin(tmp_path: Path) -> None:
    result = invoke("check", "-", stdin=ARTICLE_FR.encode())
    assert result.exit_code == 1, result.output
    assert [(m["path"], m["line"], m["code"]) for m in findings_of(result.stdout)] == [
        ("<stdin>", "2", "SO001"),
        ("<stdin>", "3", "TY006"),
        ("<stdin>", "4", "NV005"),
    ]
    assert invoke("check", "-", stdin=PLAIN.encode()).exit_code == 0


def test_check_quiet_prints_findings_but_no_summary(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode()})
    result = invoke("check", str(tmp_path), "--quiet")
    assert result.exit_code == 1
    assert len(findings_of(result.stdout)) == 3
    assert result.stderr == ""


def test_check_verbose_prints_one_line_per_file(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode(), "plain.txt": PLAIN.encode()})
    result = invoke("check", str(tmp_path), "--verbose")
    lines = result.stderr.splitlines()
    assert f"{tmp_path / 'a.txt'}: changed" in lines
    assert f"{tmp_path / 'plain.txt'}: unchanged" in lines
    assert len(lines) == 3  # two files, then the summary


# ---------------------------------------------------------------- output formats


def test_concise_format_has_no_context_lines(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode()})
    text = invoke("check", str(tmp_path), "--output-format", "text")
    concise = invoke("check", str(tmp_path), "--output-format", "concise")
    assert concise.exit_code == text.exit_code == 1
    assert "  | Publicité" in text.stdout
    lines = concise.stdout.splitlines()
    assert all(FINDING.match(line) for line in lines[:-1]), lines
    assert lines[-1].startswith("Found 3 findings in 1 file")
    assert [m.group(0) for m in findings_of(concise.stdout)] == [m.group(0) for m in findings_of(text.stdout)]


def test_json_format_is_one_json_array(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode(), "b.md": ARTICLE_EN.encode()})
    result = invoke("check", str(tmp_path), "--output-format", "json")
    assert result.exit_code == 1, result.output
    rows = json.loads(result.stdout)  # nothing but the JSON on stdout
    assert isinstance(rows, list) and rows
    a = [row for row in rows if row["path"] == str(tmp_path / "a.txt")]
    assert [(row["line"], row["column"], row["code"], row["action"]) for row in a] == [
        (2, 1, "SO001", "drop"),
        (3, 20, "TY006", "repair"),
        (4, 1, "NV005", "drop"),
    ]
    assert a[2]["original"] == "Publicité" and a[2]["family"] == "NV" and a[2]["fixable"] is True
    assert a[1]["replacement"] == ARTICLE_FR.splitlines()[2].replace("\u00a0", " ")
    assert {row["path"] for row in rows} == {str(tmp_path / "a.txt"), str(tmp_path / "b.md")}


def test_json_format_when_nothing_is_found(tmp_path: Path) -> None:
    write_tree(tmp_path, {"plain.txt": PLAIN.encode()})
    result = invoke("check", str(tmp_path), "--output-format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_github_format_prints_workflow_annotations(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a,b.txt": ARTICLE_FR.encode()})
    result = invoke("check", str(tmp_path), "--output-format", "github")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    matches = [GITHUB.match(line) for line in lines]
    assert all(matches), lines  # annotations only, no footer
    first = matches[0]
    assert first is not None
    # properties escape ',' and ':' (%2C, %3A), as the workflow-command syntax requires
    assert first["file"] == str(tmp_path / "a%2Cb.txt").replace(":", "%3A")
    assert (first["kind"], first["line"], first["col"], first["title"]) == ("warning", "2", "1", "SO001 follow-us")
    assert "Suivez-nous sur Twitter" in first["message"]


def test_statistics_count_findings_per_rule(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode(), "b.txt": ARTICLE_FR.encode(), "c.md": ARTICLE_EN.encode()})
    rows = json.loads(invoke("check", str(tmp_path), "--output-format", "json").stdout)
    expected = Counter(row["code"] for row in rows)

    result = invoke("check", str(tmp_path), "--statistics", "--output-format", "concise")

    assert result.exit_code == 1
    # count, code, [*] when fixable, name (ruff's layout)
    table = [line.split() for line in result.stdout.splitlines() if re.match(r"^\s*\d+\s+[A-Z]{2}\d{3}\s", line)]
    assert {row[1]: int(row[0]) for row in table} == dict(expected)
    assert len(table) == len(expected)
    assert expected["NV005"] == 2 and expected["SO001"] == 2
    counts = [int(row[0]) for row in table]
    assert counts == sorted(counts, reverse=True)  # most frequent first
    assert all(row[2] == "[*]" for row in table)  # every finding is fixable


# ---------------------------------------------------------------- --diff


def test_diff_is_the_change_clean_would_make(tmp_path: Path) -> None:
    no_final_newline = "Le ministre a parlé lundi à Paris de la réforme.\nPublicité\nLa suite du texte est ici."
    files = {"a.txt": ARTICLE_FR, "sub/b.md": ARTICLE_EN, "end.txt": no_final_newline, "plain.txt": PLAIN}
    write_tree(tmp_path / "src", {name: text.encode() for name, text in files.items()})
    before = snapshot(tmp_path / "src")

    result = invoke("check", str(tmp_path / "src"), "--diff")
    clean = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))

    assert result.exit_code == 1, result.output
    assert clean.exit_code == 0, clean.output
    assert snapshot(tmp_path / "src") == before
    # split the output per file on its "--- path" header, then apply each part to its file
    parts = re.split(r"^--- ", result.stdout, flags=re.MULTILINE)[1:]
    patched = {}
    for part in parts:
        name = Path(part.split("\n", 1)[0]).relative_to(tmp_path / "src").as_posix()
        patched[name] = apply_diff(files[name], part)
    assert set(patched) == {"a.txt", "sub/b.md", "end.txt"}  # nothing for a file that stays as it is
    for name, text in patched.items():
        assert text.encode() == (tmp_path / "out" / name).read_bytes(), name


def test_diff_of_jsonl_records_shows_the_text_fields(tmp_path: Path) -> None:
    records = [{"id": 1, "text": ARTICLE_FR}, {"id": 2, "text": PLAIN}, {"id": 3, "text": ARTICLE_EN}]
    write_tree(tmp_path, {"d.jsonl": "".join(json.dumps(r) + "\n" for r in records).encode()})
    result = invoke("check", str(tmp_path / "d.jsonl"), "--diff")
    assert result.exit_code == 1, result.output
    name = str(tmp_path / "d.jsonl")
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("--- ")] == [f"--- {name}:1", f"--- {name}:3"]
    minus = [json.loads(line[1:]) for line in lines if line.startswith("-") and not line.startswith("---")]
    plus = [json.loads(line[1:]) for line in lines if line.startswith("+") and not line.startswith("+++")]
    assert minus == [ARTICLE_FR, ARTICLE_EN]
    assert "Publicité" in minus[0] and "Publicité" not in plus[0]


# ---------------------------------------------------------------- --fix


def test_fix_rewrites_changed_files_in_place_and_exits_0(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode(), "sub/b.md": ARTICLE_EN.encode(), "plain.txt": PLAIN.encode()})
    (tmp_path / "a.txt").chmod(0o640)
    before = snapshot(tmp_path)

    result = invoke("check", str(tmp_path), "--fix")

    assert result.exit_code == 0, result.output
    assert "Fixed" in result.stdout and "in 2 files" in result.stdout
    assert (tmp_path / "a.txt").read_bytes() == cleaned(ARTICLE_FR)
    assert (tmp_path / "sub/b.md").read_bytes() == cleaned(ARTICLE_EN)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o640  # permissions kept
    after = snapshot(tmp_path)
    assert after["plain.txt"] == before["plain.txt"]  # an unchanged file is not rewritten (same mtime)
    assert files_under(tmp_path) == {"a.txt", "sub/b.md", "plain.txt"}  # no temporary file left
    again = invoke("check", str(tmp_path))
    assert again.exit_code == 0 and "All clean." in again.stdout


def test_fix_with_a_held_document_exits_1(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode(), "heavy.txt": HEAVY.encode()})
    result = invoke("check", str(tmp_path), "--fix")
    assert result.exit_code == 1, result.output
    assert (tmp_path / "a.txt").read_bytes() == cleaned(ARTICLE_FR)
    assert (tmp_path / "heavy.txt").read_bytes() == HEAVY.encode()
    held = findings_of(result.stdout)
    assert [(m["path"], m["code"]) for m in held] == [(str(tmp_path / "heavy.txt"), "HELD")]


def test_fix_refuses_html_with_exit_2(tmp_path: Path) -> None:
    page = b"<html><body><p>Publicit\xc3\xa9</p><p>Le ministre a parl\xc3\xa9 lundi.</p></body></html>"
    write_tree(tmp_path, {"page.html": page, "a.txt": ARTICLE_FR.encode()})
    result = invoke("check", str(tmp_path), "--fix")
    assert result.exit_code == 2, result.output
    assert any("page.html" in line and "in place" in line for line in result.stderr.splitlines()), result.stderr
    assert (tmp_path / "page.html").read_bytes() == page
    assert (tmp_path / "a.txt").read_bytes() == cleaned(ARTICLE_FR)  # the others are still fixed


def test_fix_on_stdin_is_a_usage_error() -> None:
    result = invoke("check", "-", "--fix", stdin=ARTICLE_FR.encode())
    assert result.exit_code == 2
    assert "error:" in result.stderr
    assert result.stdout == ""
