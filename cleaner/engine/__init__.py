"""The engine: one document's text in, one Result out (no I/O); see `core` for the order of work."""

from .config import DEFAULT, Config, for_extracted, for_records
from .core import LONG_LINE, clean_text, repair_line, split_lines

__all__ = ["DEFAULT", "LONG_LINE", "Config", "clean_text", "for_extracted", "for_records", "repair_line", "split_lines"]
