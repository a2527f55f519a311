"""The command line, through typer's CliRunner and through the installed `cleaner` script."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner
from typer.testing import Result as CliResult

from cleaner import __version__, clean_text
from cleaner.cli.main import app
from cleaner.html import extract
from cleaner.rules import ALL_RULES, by_code

SCRIPT = Path(sys.executable).parent / "cleaner"
OLD = 1_500_000_000 * 10**9  # an mtime (ns) in 2017: a rewrite of an input would move it

ARTICLE_FR = (
    "Syrie : la Russie rejette les accusations d'Amnesty International\n"
    "Suivez-nous sur Twitter\n"
    "Le ministre a parlé\u00a0lundi à Paris de la réforme des retraites, selon son entourage.\n"
    "Publicité\n"
    "La suite du texte est ici, dit-il, et il a ajouté que tout allait bien pour le pays.\n"
)
ARTICLE_EN = (
    "Storm leaves thousands without power\n"
    "We use cookies to improve your experience.\n"
    "OK\n"
    "The storm hit the coast on Monday night, and officials said thousands were without power.\n"
    "Share this article\n"
)
ARTICLE_DE = (
    "Die Bahn erhöht die Preise\n"
    "Anzeige\n"
    "Die Bahn erhöht zum Jahreswechsel die Preise im Fernverkehr deutlich, teilte das Unternehmen mit.\n"
)
PLAIN = "Une ligne sans rien à enlever.\n"
PAGE_HTML = (
    b"<html><head><meta charset='utf-8'><title>Storm</title></head><body><nav><a href='/'>Home</a></nav>"
    b"<article><h1>Storm leaves thousands without power</h1>"
    b"<p>The storm hit the coast on Monday night, and officials said thousands of homes were without power.</p>"
    b"<p>Share this article</p>"
    b"<p>Crews worked through the night to restore the lines, the utility said in a statement on Tuesday.</p>"
    b"</article><footer>Copyright 2024</footer></body></html>"
)
# A file that is binary by any measure: a PNG header (bytes that are not UTF-8, and NUL bytes).
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
# A binary file whose bytes are all ASCII: an MP4 `ftyp` box, full of NUL bytes.
MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41\x00\x00\x00\x08free"

runner = CliRunner()


def invoke(*args: str, stdin: bytes | None = None) -> CliResult:
    result = runner.invoke(app, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def run_script(
    *args: str, stdin: bytes = b"", cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "COLUMNS": "40", **(env or {})}  # a narrow terminal must not wrap the summary
    return subprocess.run(
        [str(SCRIPT), *args], input=stdin, capture_output=True, timeout=120, env=environment, cwd=cwd, check=False
    )


def cleaned(text: str) -> bytes:
    return clean_text(text).text.encode("utf-8")


def cleaned_html(page: bytes) -> bytes:
    """What `cleaner clean` writes for an HTML page: trafilatura's text, cleaned."""
    return clean_text(extract(page)).text.encode("utf-8")


def write_tree(root: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, ns=(OLD, OLD))


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root: its bytes and modification time."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def files_under(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


TREE = {
    "a.txt": ARTICLE_FR.encode(),
    "notes.md": ARTICLE_EN.encode(),
    "sub/b.txt": ARTICLE_DE.encode(),
    "sub/deeper/c.md": PLAIN.encode(),
    "sub/deeper/d.txt": ARTICLE_EN.encode(),
    "page.html": PAGE_HTML,  # HTML is discovered too, and written as text
    "sub/data.json": b'{"a": 1}\n',
    "sub/deeper/image.png": PNG,
}
CLEANED_TREE = {
    "a.txt": cleaned(ARTICLE_FR),
    "notes.md": cleaned(ARTICLE_EN),
    "sub/b.txt": cleaned(ARTICLE_DE),
    "sub/deeper/c.md": cleaned(PLAIN),
    "sub/deeper/d.txt": cleaned(ARTICLE_EN),
    "page.txt": cleaned_html(PAGE_HTML),
}


# ---------------------------------------------------------------- clean DIR -o OUT


def test_clean_folder_mirrors_tree_and_leaves_inputs_alone(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    write_tree(src, TREE)
    before = snapshot(src)

    result = invoke("clean", str(src), "-o", str(out))

    assert result.exit_code == 0, result.output
    assert snapshot(src) == before
    assert files_under(out) == set(CLEANED_TREE)
    for relative, data in CLEANED_TREE.items():
        assert (out / relative).read_bytes() == data, relative
    assert (out / "a.txt").read_bytes() != TREE["a.txt"]  # the rules did fire
    assert result.stdout == ""
    summary = result.stderr.splitlines()
    assert len(summary) == 1, result.stderr
    assert summary[0].startswith("6 files: 5 changed, 1 unchanged, 0 failed"), summary[0]


def test_clean_folder_with_the_installed_script(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    write_tree(src, TREE)
    before = snapshot(src)

    proc = run_script("clean", str(src), "-o", str(out))

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b""
    assert snapshot(src) == before
    assert {k: v for k, (v, _) in snapshot(out).items()} == CLEANED_TREE
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("6 files:"), proc.stderr


def test_files_given_one_by_one_are_written_under_their_names(tmp_path: Path) -> None:
    write_tree(tmp_path / "in", {"x/a.txt": ARTICLE_FR.encode(), "y/b.md": ARTICLE_EN.encode()})
    out = tmp_path / "out"
    result = invoke("clean", str(tmp_path / "in/x/a.txt"), str(tmp_path / "in/y/b.md"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert files_under(out) == {"a.txt", "b.md"}
    assert (out / "a.txt").read_bytes() == cleaned(ARTICLE_FR)


def test_quiet_prints_no_summary(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode()})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--quiet")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert (tmp_path / "out/a.txt").read_bytes() == cleaned(ARTICLE_FR)


# ---------------------------------------------------------------- stdin to stdout


def test_stdin_to_stdout_with_the_installed_script() -> None:
    data = (ARTICLE_FR + ARTICLE_EN).encode()
    proc = run_script("clean", "-", stdin=data)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == cleaned(ARTICLE_FR + ARTICLE_EN)
    assert b"Publicit" not in proc.stdout
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("1 file: 1 changed"), proc.stderr


def test_stdin_to_stdout() -> None:
    result = invoke("clean", "-", "--quiet", stdin=ARTICLE_FR.encode())
    assert result.exit_code == 0
    assert result.stdout_bytes == cleaned(ARTICLE_FR)
    assert result.stderr == ""


def test_stdin_cannot_be_mixed_with_paths(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode()})
    result = invoke("clean", "-", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "stdin" in result.stderr
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- errors: the others are still cleaned


def test_missing_path_is_reported_and_the_rest_cleaned(tmp_path: Path) -> None:
    src, out, missing = tmp_path / "src", tmp_path / "out", tmp_path / "nowhere.txt"
    write_tree(src, {"a.txt": ARTICLE_FR.encode(), "sub/b.md": ARTICLE_EN.encode()})

    result = invoke("clean", str(missing), str(src), "-o", str(out))

    assert result.exit_code == 2
    errors = error_lines(result.stderr)
    assert len(errors) == 1 and str(missing) in errors[0], result.stderr
    assert (out / "a.txt").read_bytes() == cleaned(ARTICLE_FR)
    assert (out / "sub/b.md").read_bytes() == cleaned(ARTICLE_EN)
    assert "1 failed" in result.stderr


def test_missing_path_with_the_installed_script(tmp_path: Path) -> None:
    src, out, missing = tmp_path / "src", tmp_path / "out", tmp_path / "gone"
    write_tree(src, {"a.txt": ARTICLE_FR.encode()})
    proc = run_script("clean", str(src), str(missing), "-o", str(out))
    assert proc.returncode == 2
    stderr = proc.stderr.decode()
    errors = error_lines(stderr)
    assert len(errors) == 1 and str(missing) in errors[0], stderr
    assert (out / "a.txt").read_bytes() == cleaned(ARTICLE_FR)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(PNG, id="png-header"),
        pytest.param(MP4, id="ascii-bytes-with-nul"),
        pytest.param(codecs.BOM_UTF8 + "caf\xe9 cr\xe8me\n".encode("latin-1"), id="utf8-bom-then-latin1"),
        pytest.param(codecs.BOM_UTF16_LE + b"a\x00b", id="truncated-utf16"),
    ],
)
def test_unreadable_file_is_reported_and_the_rest_cleaned(tmp_path: Path, data: bytes) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    write_tree(src, {"a.txt": ARTICLE_FR.encode(), "bad.txt": data, "c.md": ARTICLE_EN.encode()})
    before = snapshot(src)

    result = invoke("clean", str(src), "-o", str(out))

    assert result.exit_code == 2, result.output
    errors = error_lines(result.stderr)
    assert len(errors) == 1 and str(src / "bad.txt") in errors[0], result.stderr
    assert files_under(out) == {"a.txt", "c.md"}
    assert (out / "c.md").read_bytes() == cleaned(ARTICLE_EN)
    assert snapshot(src) == before


# ---------------------------------------------------------------- encodings and newlines


LATIN = (
    "Le ministre a parlé lundi de la crème brûlée et du café à Noël, selon son entourage.\n"
    "Publicité\n"
    "Il a ajouté que la fête était très réussie et que les élèves étaient contents.\n"
)
CP1252 = LATIN.replace("selon", "dit qu’il aimait le bœuf, selon")


@pytest.mark.parametrize(("text", "encoding"), [(LATIN, "latin-1"), (CP1252, "cp1252")])
def test_legacy_encodings_are_written_as_utf8(tmp_path: Path, text: str, encoding: str) -> None:
    write_tree(tmp_path / "src", {"old.txt": text.encode(encoding)})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    data = (tmp_path / "out/old.txt").read_bytes()
    assert data == cleaned(text)
    assert "crème brûlée" in data.decode("utf-8")


def test_utf8_bom_is_kept(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"bom.txt": codecs.BOM_UTF8 + ARTICLE_FR.encode()})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out/bom.txt").read_bytes() == codecs.BOM_UTF8 + cleaned(ARTICLE_FR)


def test_crlf_newlines_are_kept(tmp_path: Path) -> None:
    text = ARTICLE_FR.replace("\n", "\r\n")
    write_tree(tmp_path / "src", {"win.txt": text.encode()})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    data = (tmp_path / "out/win.txt").read_bytes()
    assert data == cleaned(ARTICLE_FR).replace(b"\n", b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n") > 0


# ---------------------------------------------------------------- refused invocations


@pytest.mark.parametrize("inside", [".", "out", "sub/out"])
def test_output_folder_inside_an_input_folder_is_refused(tmp_path: Path, inside: str) -> None:
    src = tmp_path / "src"
    write_tree(src, {"a.txt": ARTICLE_FR.encode(), "sub/b.txt": ARTICLE_DE.encode()})
    before = snapshot(src)

    result = invoke("clean", str(src), "-o", str(src / inside))

    assert result.exit_code == 2
    assert "inside input folder" in result.stderr, result.stderr
    assert snapshot(src) == before
    assert not (src / "out").exists() and not (src / "sub/out").exists()


def test_output_folder_is_required_for_file_inputs(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": ARTICLE_FR.encode()})
    result = invoke("clean", str(tmp_path / "a.txt"))
    assert result.exit_code == 2
    assert "-o OUT_DIR" in result.stderr, result.stderr
    assert files_under(tmp_path) == {"a.txt"}


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_prefix_is_refused(tmp_path: Path, option: str) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode()})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), option, "XY")
    assert result.exit_code == 2
    assert f"error: {option}: unknown rule code or prefix 'XY'" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_quote_style_is_refused(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"a.txt": ARTICLE_FR.encode()})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--quotes", "bogus")
    assert result.exit_code == 2
    assert "'bogus'" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- rule selection


def test_ignore_nv_keeps_the_ad_label() -> None:
    text = "Le ministre a parlé lundi à Paris.\nPublicité\nLa suite du texte est ici, dit-il.\n"
    default = invoke("clean", "-", "-q", stdin=text.encode())
    ignored = invoke("clean", "-", "-q", "--ignore", "NV", stdin=text.encode())
    assert default.exit_code == ignored.exit_code == 0
    assert "Publicité" not in default.stdout
    assert ignored.stdout_bytes == text.encode()


def test_select_runs_only_the_selected_family() -> None:
    text = "We use cookies to improve your experience.\nPublicité\nThe minister spoke on Monday.\n"
    result = invoke("clean", "-", "-q", "--select", "ck", stdin=text.encode())
    assert result.exit_code == 0
    assert result.stdout == "Publicité\nThe minister spoke on Monday.\n"


# ---------------------------------------------------------------- version and rule documentation


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    # make test builds the kernels (a machine without a C compiler runs them as Python: tests/test_install.py)
    assert result.stdout.strip() == f"cleaner {__version__}, compiled kernels (Cython)"


def test_rules_lists_every_rule_code_in_order() -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    header, *rows = [line for line in result.stdout.splitlines() if line.strip()]
    assert header.split() == ["code", "name", "family", "languages", "summary"]
    assert [row.split()[0] for row in rows] == [rule.code for rule in ALL_RULES]


@pytest.mark.parametrize("code", ["CK001", "ck001", "TY008"])
def test_rule_explains_one_rule(code: str) -> None:
    rule = by_code(code.upper())
    result = invoke("rule", code)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"# {rule.name} ({rule.code})\n")
    assert rule.summary in result.stdout
    sections = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    assert sections == ["## What it does", "## Why", "## Examples"]
    assert rule.why in result.stdout


def test_unknown_rule_code_is_an_error() -> None:
    result = invoke("rule", "ZZ999")
    assert result.exit_code == 2
    assert "unknown rule code: ZZ999" in result.stderr
    assert result.stdout == ""
