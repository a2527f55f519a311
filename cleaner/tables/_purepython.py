"""Stand-in for the `cython` module where Cython is not installed: the compiled modules then run as Python.

The kernels (listed in `cleaner.kernels`: `engine.lines`, `engine.passes`, `lq.forest`, ...) are written
in Cython's pure-Python mode, with their C types in `.pxd` files beside them; run as Python they ask only
`cython.compiled` and `cython.cclass`.
"""

from typing import TypeVar

_T = TypeVar("_T")

compiled = False


def cclass(cls: _T) -> _T:
    """An extension type when compiled; a plain class here."""
    return cls
