"""Formats on the command line: text, Markdown, HTML and JSON Lines, gzipped or not, from files and stdin."""

from __future__ import annotations

import codecs
import gzip
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cli import (
    ARTICLE_DE,
    ARTICLE_EN,
    ARTICLE_FR,
    PAGE_HTML,
    PLAIN,
    cleaned,
    cleaned_html,
    files_under,
    invoke,
    run_script,
    snapshot,
    write_tree,
)

from cleaner import Config, clean_text

RECORD_CONFIG = Config(ignore=("TY009",))  # a record's text ends as it did: no final newline is added


def record_text(record: dict[str, Any], text_field: str = "text") -> str:
    """What `cleaner clean` makes of a record's text field."""
    lang = record.get("lang")
    return clean_text(
        record[text_field], lang=lang if isinstance(lang, str) and lang else None, config=RECORD_CONFIG
    ).text


def same(a: object, b: object) -> bool:
    """Equal JSON values, strictly: same types (1 is not 1.0 nor True), same key order, floats to the bit."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return list(a) == list(b) and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        assert isinstance(b, list)
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return a == b


def strict_loads(line: bytes) -> Any:
    """Parse one JSON line as RFC 8259 does: NaN and Infinity are not JSON."""

    def refuse(name: str) -> None:
        raise ValueError(f"not JSON: {name}")

    return json.loads(line.decode("utf-8"), parse_constant=refuse)


# Records whose other fields hold every kind of JSON value; the text fields have boilerplate to remove.
RECORDS: list[dict[str, Any]] = [
    {
        "id": 1,
        "text": ARTICLE_FR,
        "url": "https://example.org/fr/1?a=1&b=é",
        "lang": "fr",
        "meta": {"nested": {"deeper": [1, 2.5, None, True, False, {"k": "v"}]}, "empty": {}, "list": []},
        "numbers": [0, -1, 2**63, 2**70, -(2**65), 0.1, 1e-7, 1.5e300, -0.0, 3.0, 12345678901234567890],
        "unicode": 'é€😀 中文 עברית \u200b "quoted" back\\slash tab\t newline\n \u0000 \u2028',
        "null": None,
        "flag": False,
        "é-clé": "unicode key",
    },
    {"id": 2, "text": PLAIN, "score": 0.5},
    {"id": 3, "text": ARTICLE_EN, "lang": "en", "tags": ["a", "b"], "n": None},
    {"id": 4, "text": ARTICLE_DE, "info": {"x": [{"y": [[]]}]}, "pi": 3.141592653589793},
]


def jsonl(records: list[dict[str, Any]], ascii: bool = False) -> bytes:
    return "".join(json.dumps(record, ensure_ascii=ascii) + "\n" for record in records).encode()


def assert_records_cleaned(before: bytes, after: bytes, text_field: str = "text") -> None:
    """Every record's text is cleaned; its other fields keep their values; unchanged records keep their bytes."""
    old_lines, new_lines = before.split(b"\n"), after.split(b"\n")
    assert len(old_lines) == len(new_lines)
    for old_line, new_line in zip(old_lines, new_lines, strict=True):
        if not old_line.strip():
            assert new_line == old_line
            continue
        old, new = strict_loads(old_line), strict_loads(new_line)
        expected = record_text(old, text_field)
        if expected == old[text_field]:
            assert new_line == old_line  # an unchanged record is copied byte for byte
        assert new[text_field] == expected
        assert list(new) == list(old)
        for key in old:
            if key != text_field:
                assert same(new[key], old[key]), key


# ---------------------------------------------------------------- HTML


def test_html_and_htm_are_extracted_and_written_as_text(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"page.html": PAGE_HTML, "sub/old.htm": PAGE_HTML, "page.html.gz": b""})
    (tmp_path / "src/page.html.gz").write_bytes(gzip.compress(PAGE_HTML))
    before = snapshot(tmp_path / "src")

    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))

    assert result.exit_code == 0, result.output
    assert files_under(tmp_path / "out") == {"page.txt", "sub/old.txt", "page.txt.gz"}
    expected = cleaned_html(PAGE_HTML)
    assert "Share this article" not in expected.decode() and b"thousands of homes" in expected
    assert (tmp_path / "out/page.txt").read_bytes() == expected
    assert (tmp_path / "out/sub/old.txt").read_bytes() == expected
    assert gzip.decompress((tmp_path / "out/page.txt.gz").read_bytes()) == expected
    assert snapshot(tmp_path / "src") == before


def test_html_in_a_legacy_charset_is_written_as_utf8(tmp_path: Path) -> None:
    page = (
        "<html><head><meta charset='windows-1252'><title>x</title></head><body><article>"
        "<h1>Le café de Noël</h1>"
        "<p>Le ministre a parlé lundi à Paris de la réforme des retraites, selon son entourage, et il a ajouté.</p>"
        "<p>La suite du texte est ici, dit-il, et il a ajouté que tout allait très bien pour le pays.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    write_tree(tmp_path / "src", {"w.html": page})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out/w.txt").read_bytes().decode("utf-8")
    assert "Le café de Noël" in text and "très bien" in text


def test_html_is_refused_in_place_with_exit_2(tmp_path: Path) -> None:
    write_tree(tmp_path, {"page.html": PAGE_HTML, "a.txt": ARTICLE_FR.encode()})
    before = snapshot(tmp_path)
    result = invoke("clean", str(tmp_path / "page.html"), str(tmp_path / "a.txt"), "--in-place")
    assert result.exit_code == 2, result.output
    assert any(line.startswith("error:") and "page.html" in line for line in result.stderr.splitlines())
    assert snapshot(tmp_path)["page.html"] == before["page.html"]
    assert (tmp_path / "a.txt").read_bytes() == cleaned(ARTICLE_FR)  # the text file was still cleaned
    assert "1 failed" in result.stderr


# ---------------------------------------------------------------- JSON Lines


def test_jsonl_text_is_cleaned_and_every_other_field_kept(tmp_path: Path) -> None:
    data = jsonl(RECORDS)
    write_tree(tmp_path / "src", {"d.jsonl": data, "e.ndjson": jsonl(RECORDS, ascii=True)})
    before = snapshot(tmp_path / "src")

    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))

    assert result.exit_code == 0, result.output
    assert snapshot(tmp_path / "src") == before
    assert_records_cleaned(data, (tmp_path / "out/d.jsonl").read_bytes())
    assert_records_cleaned(jsonl(RECORDS, ascii=True), (tmp_path / "out/e.ndjson").read_bytes())
    out = [json.loads(line) for line in (tmp_path / "out/d.jsonl").read_bytes().splitlines()]
    assert "Publicité" not in out[0]["text"] and "Share this article" not in out[2]["text"]
    assert "8 documents" in result.stderr


def test_unchanged_jsonl_records_and_other_lines_are_copied_byte_for_byte(tmp_path: Path) -> None:
    lines = [
        b'{ "text" :  "Une ligne sans rien \\u00e0 enlever.",   "n": 1.0e2, "z": 1E5 }',  # odd spacing and escapes
        b'{"id": 2, "body": "no text field here"}',
        b"",
        b"   ",
        b'{"id": 3, "text": null}',
        json.dumps({"text": ARTICLE_FR}).encode(),
    ]
    data = b"\r\n".join(lines)  # CRLF endings, and no newline after the last line
    write_tree(tmp_path / "src", {"d.jsonl": data})

    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))

    assert result.exit_code == 0, result.output
    out = (tmp_path / "out/d.jsonl").read_bytes()
    assert out.split(b"\r\n")[:5] == lines[:5]
    assert json.loads(out.split(b"\r\n")[5])["text"] == record_text({"text": ARTICLE_FR})
    assert out.count(b"\r\n") == 5


def test_jsonl_with_a_utf8_bom_is_read(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"d.jsonl": codecs.BOM_UTF8 + jsonl(RECORDS[:2])})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "error" not in result.stderr
    out = (tmp_path / "out/d.jsonl").read_bytes().removeprefix(codecs.BOM_UTF8)
    assert_records_cleaned(jsonl(RECORDS[:2]), out)


def test_jsonl_output_is_strict_json(tmp_path: Path) -> None:
    # 1e400 is a valid JSON number that Python reads as inf; written back it must stay a JSON number, not
    # the non-JSON token Infinity that other JSON readers refuse.
    line = b'{"text": "Le ministre a parl\\u00e9 lundi.\\nPublicit\\u00e9\\nLa suite du texte est ici.", "x": 1e400}\n'
    result = invoke("clean", "-", "--format", "jsonl", "-q", stdin=line)
    assert result.exit_code == 0
    record = strict_loads(result.stdout_bytes.rstrip(b"\n"))
    assert "Publicité" not in record["text"]
    assert math.isinf(record["x"])


def test_text_field_option_chooses_the_field_to_clean(tmp_path: Path) -> None:
    records = [{"body": ARTICLE_FR, "text": ARTICLE_EN}, {"text": ARTICLE_EN}]
    data = jsonl(records)
    write_tree(tmp_path / "src", {"d.jsonl": data})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--text-field", "body")
    assert result.exit_code == 0, result.output
    out = (tmp_path / "out/d.jsonl").read_bytes()
    assert_records_cleaned(data.split(b"\n", 1)[0] + b"\n", out.split(b"\n", 1)[0] + b"\n", text_field="body")
    assert json.loads(out.split(b"\n")[0])["text"] == ARTICLE_EN  # the other text-like field is left alone
    assert out.split(b"\n")[1] == data.split(b"\n")[1]  # a record without the field is copied


def test_url_field_is_reported_with_findings(tmp_path: Path) -> None:
    records = [{"text": ARTICLE_FR, "url": "https://a.example/1", "link": "https://b.example/2"}]
    write_tree(tmp_path, {"d.jsonl": jsonl(records)})
    default = invoke("check", str(tmp_path / "d.jsonl"), "--output-format", "json")
    other = invoke("check", str(tmp_path / "d.jsonl"), "--output-format", "json", "--url-field", "link")
    assert {row["url"] for row in json.loads(default.stdout)} == {"https://a.example/1"}
    assert {row["url"] for row in json.loads(other.stdout)} == {"https://b.example/2"}
    rows = json.loads(default.stdout)
    assert [(row["line"], row["text_line"], row["code"]) for row in rows if row["code"] == "NV005"] == [(1, 4, "NV005")]


# ---------------------------------------------------------------- gzip


def test_gzipped_files_are_read_and_written_gzipped(tmp_path: Path) -> None:
    plain = {"a.txt": ARTICLE_FR.encode(), "b.md": ARTICLE_EN.encode(), "d.jsonl": jsonl(RECORDS)}
    write_tree(tmp_path / "src", {f"{name}.gz": gzip.compress(data) for name, data in plain.items()})
    (tmp_path / "src/e.ndjson.gz").write_bytes(gzip.compress(jsonl(RECORDS)))
    write_tree(tmp_path / "plain", plain)

    zipped = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    unzipped = invoke("clean", str(tmp_path / "plain"), "-o", str(tmp_path / "ref"))

    assert zipped.exit_code == unzipped.exit_code == 0, zipped.output
    assert files_under(tmp_path / "out") == {"a.txt.gz", "b.md.gz", "d.jsonl.gz", "e.ndjson.gz"}
    for name in plain:
        data = (tmp_path / "out" / f"{name}.gz").read_bytes()
        assert data[:2] == b"\x1f\x8b"
        assert gzip.decompress(data) == (tmp_path / "ref" / name).read_bytes(), name
    assert_records_cleaned(jsonl(RECORDS), gzip.decompress((tmp_path / "out/e.ndjson.gz").read_bytes()))


@pytest.mark.parametrize("command", [("clean", "--in-place"), ("check", "--fix")])
def test_gzipped_jsonl_is_rewritten_in_place_gzipped(tmp_path: Path, command: tuple[str, str]) -> None:
    data = jsonl(RECORDS)
    write_tree(tmp_path, {"d.jsonl.gz": gzip.compress(data)})
    result = invoke(command[0], str(tmp_path / "d.jsonl.gz"), command[1])
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path) == {"d.jsonl.gz"}
    assert_records_cleaned(data, gzip.decompress((tmp_path / "d.jsonl.gz").read_bytes()))


# ---------------------------------------------------------------- --format


def test_format_overrides_detection_by_suffix(tmp_path: Path) -> None:
    write_tree(
        tmp_path / "src",
        {"records.txt": jsonl(RECORDS[:1]), "page.txt": PAGE_HTML, "data.log": jsonl(RECORDS[:1])},
    )
    as_jsonl = invoke("clean", str(tmp_path / "src/records.txt"), "-o", str(tmp_path / "j"), "--format", "jsonl")
    as_html = invoke("clean", str(tmp_path / "src/page.txt"), "-o", str(tmp_path / "h"), "--format", "html")
    as_text = invoke("clean", str(tmp_path / "src/records.txt"), "-o", str(tmp_path / "t"))
    assert as_jsonl.exit_code == as_html.exit_code == as_text.exit_code == 0
    assert_records_cleaned(jsonl(RECORDS[:1]), (tmp_path / "j/records.txt").read_bytes())
    assert (tmp_path / "h/page.txt").read_bytes() == cleaned_html(PAGE_HTML)
    assert (tmp_path / "t/records.txt").read_bytes() == cleaned(jsonl(RECORDS[:1]).decode())

    unknown = invoke("clean", str(tmp_path / "src/data.log"), "-o", str(tmp_path / "u"))
    assert unknown.exit_code == 2
    assert "data.log" in unknown.stderr and "--format" in unknown.stderr
    forced = invoke("clean", str(tmp_path / "src/data.log"), "-o", str(tmp_path / "f"), "--format", "ndjson")
    assert forced.exit_code == 0
    assert_records_cleaned(jsonl(RECORDS[:1]), (tmp_path / "f/data.log").read_bytes())


# ---------------------------------------------------------------- stdin and stdout through real pipes


def test_gzip_jsonl_pipe_round_trip_keeps_every_other_field() -> None:
    # gzip -c file.jsonl | cleaner clean - --format jsonl | gzip -dc
    data = jsonl(RECORDS)
    proc = run_script("clean", "-", "--format", "jsonl", stdin=gzip.compress(data))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout[:2] == b"\x1f\x8b"  # gzip in, gzip out
    assert_records_cleaned(data, gzip.decompress(proc.stdout))
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("1 file: 1 changed"), proc.stderr


STDIN = {"text": ARTICLE_FR.encode(), "html": PAGE_HTML, "jsonl": jsonl(RECORDS)}


def assert_stdin_output(fmt: str, data: bytes, out: bytes) -> None:
    if fmt == "jsonl":
        assert_records_cleaned(data, out)
    else:
        assert out == (cleaned(ARTICLE_FR) if fmt == "text" else cleaned_html(PAGE_HTML))


@pytest.mark.parametrize("fmt", ["text", "html", "jsonl"])
def test_stdin_accepts_every_format(fmt: str) -> None:
    result = invoke("clean", "-", "--format", fmt, "--quiet", stdin=STDIN[fmt])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert_stdin_output(fmt, STDIN[fmt], result.stdout_bytes)


# CliRunner's stdin is not a real stream, so gzip on stdin (found by its magic bytes) is tested on a pipe.
@pytest.mark.parametrize("fmt", ["text", "html", "jsonl"])
def test_gzipped_stdin_of_every_format_gives_gzipped_stdout(fmt: str) -> None:
    proc = run_script("clean", "-", "--format", fmt, "--quiet", stdin=gzip.compress(STDIN[fmt]))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    assert proc.stdout[:2] == b"\x1f\x8b"
    assert_stdin_output(fmt, STDIN[fmt], gzip.decompress(proc.stdout))


def test_stdin_gzip_is_detected_without_format() -> None:
    proc = run_script("clean", "-", stdin=gzip.compress(ARTICLE_EN.encode()))
    assert proc.returncode == 0, proc.stderr
    assert gzip.decompress(proc.stdout) == cleaned(ARTICLE_EN)


# ---------------------------------------------------------------- encodings and line endings


def test_legacy_encoding_and_crlf_through_a_pipe() -> None:
    text = "Le ministre a parlé lundi de la crème brûlée à Noël, selon son entourage.\nPublicité\nFête réussie.\n"
    proc = run_script("clean", "-", "-q", stdin=text.replace("\n", "\r\n").encode("cp1252"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == cleaned(text).replace(b"\n", b"\r\n")  # UTF-8 out, CRLF kept


def test_utf16_with_bom_is_written_as_utf8(tmp_path: Path) -> None:
    write_tree(tmp_path / "src", {"w.txt": ARTICLE_FR.encode("utf-16")})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out/w.txt").read_bytes() == cleaned(ARTICLE_FR)


@pytest.mark.parametrize(
    "newline",
    [pytest.param("\r\n", id="crlf"), pytest.param("\r", id="cr"), pytest.param("\n", id="lf")],
)
def test_line_endings_are_kept(newline: str) -> None:
    text = ARTICLE_FR.replace("\n", newline)
    result = invoke("clean", "-", "-q", stdin=text.encode())
    assert result.exit_code == 0
    assert result.stdout_bytes == cleaned(ARTICLE_FR).replace(b"\n", newline.encode())


def test_mixed_line_endings_are_kept_line_by_line(tmp_path: Path) -> None:
    text = "Le ministre a parlé lundi.\r\nPublicité\nLa suite du texte est ici, dit-il.\r\nFin de l'article.\n"
    write_tree(tmp_path / "src", {"m.txt": text.encode()})
    result = invoke("clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert (tmp_path / "out/m.txt").read_bytes() == cleaned(text)
    assert b"Le ministre a parl\xc3\xa9 lundi.\r\nLa suite" in cleaned(text)


# A JSON value, with the characters that matter to finding where a value ends: quotes, backslashes,
# brackets and braces inside strings, nesting, numbers in several spellings, non-ASCII text.
_JSON_TEXT = st.text(alphabet=st.sampled_from('ab"\\{}[],:é\u2028 \t\n😀'), max_size=12)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _JSON_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_JSON_TEXT, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["id", "text", "meta", "url"]), _JSON), max_size=5),
    _JSON_TEXT,
    st.booleans(),
    st.sampled_from(["", " ", "\t ", "\n"]),
)
def test_the_text_value_is_found_in_any_record(
    fields: list[tuple[str, Any]], text: str, ascii_only: bool, space: str
) -> None:
    # The writer replaces the value of the record's (last) text field in its bytes, found without decoding.
    from cleaner.formats import _value_span

    fields = [*fields, ("text", text)] if all(name != "text" for name, _ in fields) else fields
    parts = [
        f"{space}{json.dumps(name)}{space}:{space}{json.dumps(value, ensure_ascii=ascii_only)}"
        for name, value in fields
    ]
    raw = ("{" + ",".join(parts) + space + "}").encode("utf-8")
    start, end = _value_span(raw, "text")
    assert json.loads(raw[start:end]) == json.loads(raw)["text"]
