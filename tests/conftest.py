"""Shared test helpers: the location of ../shared, and a clear failure when it is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests with a fixed seed, so a red build is reproducible; local runs explore randomly
# and keep what they find in .hypothesis/.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (seeds, dev set, scorer); a test that needs it fails with a clear message."""
    if not (SHARED / "seeds").is_dir():
        pytest.fail(f"{SHARED} is missing: this test needs the shared seeds and bench next to the repository")
    return SHARED


def pytest_addoption(parser: pytest.Parser) -> None:
    """Options of this project's tests: --regenerate rewrites the golden files of tests/test_samples.py."""
    parser.addoption(
        "--regenerate",
        action="store_true",
        default=False,
        help="rewrite samples/**/*.clean.txt from the cleaner's output instead of comparing; "
        "review the change with `git diff samples/`",
    )
