"""Stand-in for the `cython` module where Cython is not installed: the compiled modules then run as Python.

The kernels (`lines`, `passes`, `cleaner.lq.kernel`) are written in Cython's pure-Python mode, with their C
types in `.pxd` files beside them; in Python they only ask `cython.compiled`.
"""

compiled = False
