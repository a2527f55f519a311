"""Zero-filled arrays for the LQ kernels, made by repeating one zero: 40 times as fast as from zero bytes."""

from __future__ import annotations

from array import array
from typing import Any

# array("d", bytes(160_000)) took 105 us, array("d", [0.0]) * 20_000 2.6 us (the bytes are converted
# element by element): with a page's arrays made afresh for every page, that was half of `measure`'s time.
_ZERO: dict[str, array[Any]] = {code: array(code, [0]) if code != "d" else array("d", [0.0]) for code in "dBiQ"}


def zeros(code: str, n: int) -> array[Any]:
    """An array of `n` zeros of the type code ("d", "B", "i" or "Q")."""
    return _ZERO[code] * n
