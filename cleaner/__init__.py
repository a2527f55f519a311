"""cleaner: remove boilerplate from scraped web text and repair its typography; the public API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import Action, ExitCode, Result, Verdict
from .version import __version__

if TYPE_CHECKING:
    from .config import Settings
    from .engine import Config, clean_text
    from .runner import clean_file

__all__ = ["Action", "Config", "ExitCode", "Result", "Settings", "Verdict", "__version__", "clean_file", "clean_text"]


def __getattr__(name: str) -> Any:
    # Each part is imported on first use: `import cleaner` for clean_text does not load file handling, and
    # `cleaner check` does not load the engine (nor the rules) while every file it meets is cached.
    if name in ("Config", "clean_text"):
        from . import engine

        return getattr(engine, name)
    if name == "clean_file":
        from .runner import clean_file

        return clean_file
    if name == "Settings":
        from .config import Settings

        return Settings
    raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
