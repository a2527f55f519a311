"""cleaner: remove boilerplate from scraped web text and repair its typography; the public API."""

from __future__ import annotations

from .engine import Config, clean_text
from .model import Action, ExitCode, Result, Verdict

__version__ = "0.1.0"
__all__ = ["Action", "Config", "ExitCode", "Result", "Verdict", "__version__", "clean_text"]
