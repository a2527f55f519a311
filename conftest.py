"""Doctest collection over cleaner/: the compiled kernels are imported as extensions, not from their .py."""

from cleaner.kernels import KERNELS

# pytest's --doctest-modules imports every .py under cleaner/ by path; a kernel's module is already loaded from
# its compiled extension, which pytest reports as an import mismatch. The kernels hold no doctests (their
# tests are tests/test_kernels.py, against the same code run as Python).
collect_ignore = [name.replace(".", "/") + ".py" for name in KERNELS]
