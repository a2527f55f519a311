"""The HTML report in a real headless Chromium (Debian's package, via Playwright): loads, filters, searches, scales.

Screenshots go to out/test-artefacts/ for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright
from test_report import corpus, invoke

from cleaner import clean_text
from cleaner.events import DocumentEvent, FileOutcome
from cleaner.output import Mode, Options
from cleaner.report.builder import ReportBuilder
from cleaner.rules import quality

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
ARTEFACTS = ROOT / "out" / "test-artefacts"
# No network here: background services would only fill the log with errors.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LARGE = 10_000
OPEN_BOUND = 5.0  # seconds for the 10,000-file page to load and draw its table; about 1 s measured


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    name = os.environ.get("CHROMIUM", "chromium")  # make test sets it (make test CHROMIUM=/path/to/chromium)
    executable = shutil.which(name)
    if executable is None:
        pytest.fail(
            f"no {name} on PATH: the HTML report is tested in Debian's chromium package "
            "(make test installs it when run as root, or says what to install)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page with its console errors, uncaught exceptions and every URL it requested."""

    def __init__(self, browser: Browser, width: int = 1280) -> None:
        self.page: Page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def open(self, path: Path) -> float:
        started = time.perf_counter()
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("html[data-ready=true]", timeout=30_000)
        return time.perf_counter() - started

    def check_clean(self, path: Path) -> None:
        assert self.errors == [], self.errors
        assert set(self.requests) == {path.as_uri()}, f"the page fetched something: {self.requests}"


@pytest.fixture(scope="module")
def samples_reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("samples-report")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)  # relative paths, as `make run` shows them
        for suffix in (".html", ".json"):
            report = str(folder / f"r{suffix}")
            excludes = ("--exclude", "*.clean.txt", "--exclude", "README.md")
            result = invoke("check", "samples", *excludes, "--report", report)
            assert result.exit_code == 1, result.output
    data: dict[str, Any] = json.loads((folder / "r.json").read_text(encoding="utf-8"))
    return folder / "r.html", data


def families_of(entry: dict[str, Any]) -> set[str]:
    return {c["family"] for d in entry["changed_documents"] for c in d["changes"]}


def test_report_of_the_samples_in_chromium(browser: Browser, samples_reports: tuple[Path, dict[str, Any]]) -> None:
    path, data = samples_reports
    watched = Watched(browser)
    page = watched.page
    watched.open(path)
    files = data["files"]
    expect(page.locator("tr.file")).to_have_count(len(files))
    expect(page.locator("#count")).to_contain_text(f"of {len(files)} files")
    totals = data["run"]["totals"]
    expect(page.locator("svg.bars g.bar")).to_have_count(len(totals["removed_by_family"]) + (totals["repairs"] > 0))

    # The family filter: only files with a CK change are listed, and in a diff only CK lines are shown.
    page.locator(".chip[data-family=CK]").click()
    expect(page.locator(".chip[data-family=CK]")).to_have_attribute("aria-pressed", "true")
    with_ck = [f for f in files if "CK" in families_of(f)]
    expect(page.locator("tr.file")).to_have_count(len(with_ck))
    expect(page.locator("svg.bars g.bar.off")).to_have_count(len(totals["removed_by_family"]))  # all but CK
    first = page.locator("tr.file").first.locator(".name").inner_text()
    opened = next(f for f in with_ck if f["path"] == first)
    assert families_of(opened) - {"CK"}, "the first CK file also has other families"
    row = page.locator("tr.file", has_text=first)
    row.click()
    diff = page.locator("tr.diff-row")
    ck_lines = sum(c["family"] == "CK" for d in opened["changed_documents"] for c in d["changes"])
    expect(diff.locator("tr.removed:visible")).to_have_count(ck_lines)
    expect(diff.locator("tr.removed.f-CK:visible")).to_have_count(ck_lines)
    hidden = diff.locator("tr.removed:not(.f-CK)")
    assert hidden.count() > 0 and all(hidden.nth(i).is_hidden() for i in range(hidden.count()))
    page.locator(".chip[data-family=CK]").click()
    expect(diff.locator("tr.removed:visible")).to_have_count(len(opened["changed_documents"][0]["changes"]))
    row.click()

    # The search finds a removed line: one file is left, with the line shown and marked.
    page.locator("#search").fill("surInstagram")
    expect(page.locator("#count")).to_contain_text("of 1 file (filtered from")
    expect(page.locator("tr.file")).to_have_count(1)
    expect(page.locator("tr.file .hit mark")).to_have_text("surInstagram")
    page.locator("tr.file").first.click()
    expect(page.locator("tr.diff-row tr.removed mark")).to_have_text("surInstagram")
    expect(page.locator("tr.diff-row tr.removed", has_text="surInstagram")).to_have_attribute(
        "title", "SO001 follow-us: Invitation to follow the site on a social network."
    )
    page.locator("#clear").click()
    expect(page.locator("tr.file")).to_have_count(len(files))

    # What a reader sees: the overview, then a file with removals and one with typography repairs.
    watched.open(path)
    page.locator("tr.file", has_text="cookie-banner-and-follow").click()
    page.locator("tr.file", has_text="typography-repairs").click()
    repaired = page.locator("tr.diff-row tr.repaired").first
    expect(repaired.locator("del").first).to_be_visible()
    expect(repaired.locator("ins").first).to_be_visible()
    page.locator("h1").scroll_into_view_if_needed()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "report.png"), full_page=True)
    watched.check_clean(path)
    page.close()


def test_every_status_in_chromium(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    invoke("check", str(corpus(tmp_path / "in")), "--max-drop-ratio", "0.5", "--report", str(path))
    watched = Watched(browser, width=1000)
    page = watched.page
    watched.open(path)
    expect(page.locator("tr.file")).to_have_count(7)
    page.locator("th button[data-sort=path]").click()
    expect(page.locator("tr.file").first).to_contain_text("a-article.txt")
    page.locator("tr.file", has_text="d-held.txt").click()
    expect(page.locator(".note.held")).to_contain_text("Held back by the drop-ratio guard")
    page.locator("tr.file", has_text="e-image.txt").click()
    expect(page.locator(".note.error")).to_contain_text("binary")
    page.locator("tr.file", has_text="f-records.jsonl").click()
    expect(page.locator(".doc-head")).to_have_text(
        ["Record on line 1 · https://example.org/a", "Record on line 3 · https://example.org/c"]
    )
    page.locator("#status").select_option("stub")
    expect(page.locator("tr.file")).to_have_count(1)
    page.locator("#status").select_option("")
    expect(page.locator("tr.file", has_text="d-held.txt")).to_contain_text("held back: nothing applied")
    page.locator("h1").scroll_into_view_if_needed()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "report-statuses.png"), full_page=True)
    watched.check_clean(path)
    page.close()


def test_the_models_scores_in_chromium(browser: Browser, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.txt").write_text(quality._PAGE + "\n", encoding="utf-8")
    expected = clean_text(quality._PAGE + "\n")
    path = tmp_path / "report.html"
    invoke("check", str(tmp_path / "in"), "--report", str(path))
    watched = Watched(browser, width=1000)
    page = watched.page
    watched.open(path)
    page.locator("tr.file", has_text="page.txt").click()
    unsure = page.locator("tr.unsure")
    expect(unsure).to_have_count(len(expected.unsure))
    expect(unsure.locator(".badge")).to_have_text([f"LQ001 {score:.2f}" for _, score in expected.unsure])
    assert "the line-quality model was unsure" in (unsure.first.get_attribute("title") or "")
    scored = [f"LQ001 {v.score:.2f}" for v in expected.removed if v.code == "LQ001" and v.score is not None]
    expect(page.locator("tr.removed.f-LQ .badge")).to_have_text(scored)
    watched.check_clean(path)
    page.close()


def large_report(path: Path) -> None:
    """A report of 10,000 files, made of the samples' real results (every file different by name)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.rglob("*.txt")) if ".clean." not in p.name]
    results = [clean_text(text) for text in texts]
    builder = ReportBuilder(Options(mode=Mode.CHECK), "check", ["corpus"])
    for i in range(LARGE):
        name = f"corpus/{i // 100:03d}/{i:05d}.txt"
        event = DocumentEvent(name, 1, None, results[i % len(results)], held=False)
        outcome = FileOutcome(name)
        outcome.document(event)
        builder.document(event)
        builder.file(outcome)
    builder.write(path)
    builder.close()


def test_a_report_of_10000_files_opens_without_freezing(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "large.html"
    large_report(path)
    watched = Watched(browser)
    page = watched.page
    seconds = watched.open(path)
    print(f"\n10,000-file report ({path.stat().st_size / 1e6:.1f} MB): table drawn in {seconds:.2f} s")
    assert seconds < OPEN_BOUND, f"the 10,000-file report took {seconds:.1f} s to open"
    expect(page.locator("tr.file")).to_have_count(50)  # one page of the table, not 10,000 rows
    expect(page.locator(".pager")).to_contain_text("Page 1 of 200")
    started = time.perf_counter()
    page.locator("tr.file").first.click()
    expect(page.locator("tr.diff-row table.lines")).to_be_visible()
    opened = time.perf_counter() - started
    started = time.perf_counter()
    page.locator("#search").fill("surInstagram")
    expect(page.locator("#count")).to_contain_text("filtered from 10,000")
    searched = time.perf_counter() - started
    print(f"first diff opened in {opened:.2f} s; first search over every file in {searched:.2f} s")
    assert opened < OPEN_BOUND and searched < OPEN_BOUND
    page.locator(".pager button", has_text="Next").click()
    expect(page.locator(".pager")).to_contain_text("Page 2 of")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "report-10000-files.png"))
    watched.check_clean(path)
    page.close()
