"""The package's version, in one module below all others: the public API, the check cache and the reports read it."""

__version__ = "0.1.0"
