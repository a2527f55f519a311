"""Build hook: compiles the engine's kernels with Cython; without a C compiler the same modules run as Python.

Everything else about the package is in pyproject.toml. The kernels are written in Cython's pure-Python
mode (C types in the .pxd files beside them), so one source is both the compiled and the plain module;
`cleaner --version` says which one is running.
"""

from __future__ import annotations

import os
import runpy

from Cython.Build import cythonize
from setuptools import Extension, setup

# The kernels' module names live in the package (cleaner/kernels.py), read here without importing it.
KERNELS = runpy.run_path("cleaner/kernels.py")["KERNELS"]


def kernels() -> list[Extension]:
    """The extensions; none when CLEANER_PURE_PYTHON is set (the fallback on purpose, for its tests)."""
    if os.environ.get("CLEANER_PURE_PYTHON"):
        return []
    sources = [Extension(name, [name.replace(".", "/") + ".py"]) for name in KERNELS]
    built = cythonize(sources, language_level=3, quiet=True)
    for extension in built:  # cythonize makes new Extension objects and drops the flag: set it on them
        extension.optional = True  # a failed compile (no gcc, no headers) warns, and the .py modules ship
    return list(built)


setup(ext_modules=kernels())
