"""tools/perf.py (`make perf`) on tiny sizes: its corpus is deterministic and reaches its size; its checks print."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOLS = Path(__file__).resolve().parent.parent / "tools"


@pytest.fixture(scope="module")
def perf() -> ModuleType:
    """tools/perf.py as a module (tools/ is not a package: its scripts import their helpers by file name)."""
    sys.path.insert(0, str(TOOLS))
    try:
        return importlib.import_module("perf")
    finally:
        sys.path.remove(str(TOOLS))


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a folder by name, with its bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_shards_are_deterministic_and_reach_the_size(perf: ModuleType, shared: Path, tmp_path: Path) -> None:
    size = 600_000
    first = perf.build_shards(tmp_path / "a", size, shared, 150_000)
    second = perf.build_shards(tmp_path / "b", size, shared, 150_000)
    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    assert first == second and a == b
    assert len(a) >= 2 and len(a) % 2 == 0  # an even count, so two datatrove tasks get a fair half each
    data = b"".join(a.values())
    assert len(data) == first[1] >= size
    records = [json.loads(line) for line in data.splitlines()]
    assert len(records) == first[0]
    assert len(data) - size < len(json.dumps(records[-1], ensure_ascii=False).encode("utf-8")) + 1  # stops at once
    assert records[0]["id"] == "0000/blocks/" + sorted((shared / "bench/dev/blocks").glob("*.txt"))[0].stem


def test_pages_repeat_in_order_with_distinct_ids(
    perf: ModuleType, shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(perf, "text_pages", lambda _shared: [("x/one", "Un.\n"), ("x/two", "Deux.\n")])
    perf.build_shards(tmp_path / "s", 500, shared, 100)
    records = [json.loads(line) for data in files(tmp_path / "s").values() for line in data.splitlines()]
    assert [r["text"] for r in records[:4]] == ["Un.\n", "Deux.\n", "Un.\n", "Deux.\n"]
    assert records[2]["id"] == "0001/x/one"
    assert len({r["id"] for r in records}) == len(records)


def test_html_folder_is_deterministic(perf: ModuleType, shared: Path, tmp_path: Path) -> None:
    first = perf.build_html(tmp_path / "a", 300_000, shared)
    assert first == perf.build_html(tmp_path / "b", 300_000, shared)
    a = files(tmp_path / "a")
    assert a == files(tmp_path / "b")
    assert all(name.endswith(".html") for name in a) and sum(map(len, a.values())) == first[1] >= 300_000


def test_missing_lq_family_is_a_row_and_a_line(perf: ModuleType) -> None:
    def run(seconds: float, peak: float = 50.0) -> object:
        return perf.Measured(0, seconds, peak, peak, "")

    mb = perf.MB
    rows = {
        key: perf.Row(key, "JSONL", 100 * mb, run(seconds))
        for key, seconds in (("j1", 100), ("j2", 50), ("c4", 50), ("c4-2", 26), ("html", 10), ("trafilatura", 9.5))
    }
    rows["small"] = perf.Row("small", "JSONL", 25 * mb, run(25, 48))
    rows["off"] = perf.Row("off", "JSONL", 100 * mb, None, "n/a: no LQ family yet")
    rows["big"] = perf.Row("big", "text", 30 * mb, run(10, 450))
    starts = {"check": 0.2, "import": 0.1, "pass": 0.02}
    lines = perf.targets(rows, starts, False, mb // 2)
    assert lines[0].startswith("FAIL") and "0.50x" in lines[0]
    assert lines[1].startswith("n/a") and "no LQ family yet" in lines[1]
    assert lines[2].startswith("PASS") and lines[3].startswith("PASS")
    assert lines[4].startswith("PASS") and "= 105 MB" in lines[4]  # 50 MB of peak beside 10 x 0.5 MB + 100 MB
    assert lines[5].startswith("FAIL") and "450 MB" in lines[5] and "= 400 MB" in lines[5]
    assert lines[6].startswith("PASS") and lines[7].startswith("FAIL")
    assert "n/a: no LQ family yet" in perf.table(list(rows.values()), starts, 20)


def test_a_failed_run_fails_its_targets(perf: ModuleType) -> None:
    row = perf.Row("cleaner -j 1", "JSONL", 100 * perf.MB, perf.Measured(2, 10.0, 50.0, 50.0, "error: boom\n"))
    line = perf.check(True, "fast enough", row)
    assert line.startswith("FAIL") and "cleaner -j 1 exited 2" in line
    assert perf.check(True, "fast enough").startswith("PASS") and perf.check(None, "later").startswith("n/a")


def test_engine_stages_are_timed_and_tabled_in_order(
    perf: ModuleType, shared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cleaner.engine.clock import STAGES

    perf.build_shards(tmp_path / "s", 120_000, shared, 60_000)
    perf.stages_reference(str(tmp_path / "s"), 100_000)
    result = json.loads(capsys.readouterr().out)
    assert result["bytes"] >= 100_000 and result["documents"] > 1
    default, off = result["runs"]["default"], result["runs"]["model off"]
    assert set(default["stages"]) == {name for name, _ in STAGES} and all(s > 0 for s in default["stages"].values())
    assert off["stages"].get("model", 0.0) < default["stages"]["model"]  # without the model, its stage is idle
    assert 0 < sum(default["stages"].values()) <= default["wall"]  # the stages are parts of the run
    table = perf.stages_table(result, 12.0).splitlines()
    rows = [line for line in table if line.startswith("| ") and "what it does" not in line]
    assert [row.split(" | ")[0].lstrip("| ") for row in rows] == [name for name, _ in STAGES] + ["all stages"]
    assert any("83 ms per MB" in line for line in table)  # the C4 filter's budget at 12 MB/s


def test_interleaved_rows_report_their_median_run_or_their_failure(perf: ModuleType) -> None:
    def row(seconds: float, exit_code: int = 0) -> object:
        return perf.Row("HTML mode", "HTML", 50 * perf.MB, perf.Measured(exit_code, seconds, 100.0, 100.0, ""))

    slow, middle, fast, crashed = row(9.7), row(9.0), row(8.7), row(1.0, exit_code=1)
    assert perf.typical([slow, fast, middle]) is middle
    assert perf.typical([fast, crashed, slow]) is crashed  # a failure is never hidden behind a finished run
