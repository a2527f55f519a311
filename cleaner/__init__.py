"""cleaner: remove boilerplate from scraped web text and repair its typography; the public API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .engine import Config, clean_text
from .model import Action, ExitCode, Result, Verdict

if TYPE_CHECKING:
    from .config import Settings
    from .runner import clean_file

__version__ = "0.1.0"
__all__ = ["Action", "Config", "ExitCode", "Result", "Settings", "Verdict", "__version__", "clean_file", "clean_text"]


def __getattr__(name: str) -> Any:
    # File handling is imported on first use, so `import cleaner` for clean_text stays light.
    if name == "clean_file":
        from .runner import clean_file

        return clean_file
    if name == "Settings":
        from .config import Settings

        return Settings
    raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
