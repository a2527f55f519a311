# C types of forest.py (Cython's pure-Python mode).

cimport cython

from cleaner.lq.rows cimport Round
from cleaner.lq.stats cimport LineData

cdef int BLOCK, WIDTH, PLACE_AT, OWN, PROSE, SECOND, SHELTER
cdef int _CARRIED[5]
cdef double LOW, NONE, TRUSTED
cdef Round _WORK


cdef class Forest:
    cdef readonly int[::1] tests
    cdef readonly double[::1] thresholds, leaves
    cdef readonly double bias
    cdef readonly int depth
    cdef readonly Py_ssize_t trees


@cython.locals(n=Py_ssize_t, state=Round, row="double[::1]", out="double[::1]", block="double[::1]",
               leaf="int[::1]", sums="double[::1]", start=Py_ssize_t, size=Py_ssize_t, k=Py_ssize_t, c=Py_ssize_t,
               carry="double[::1]")
cpdef score(LineData data, list kept, Forest first, Forest second)


@cython.locals(out="double[::1]", block="double[::1]", leaf="int[::1]", sums="double[::1]", start=Py_ssize_t,
               size=Py_ssize_t, k=Py_ssize_t, c=Py_ssize_t, state=Round)
cpdef probabilities(double[::1] rows, Py_ssize_t n, Py_ssize_t width, Forest forest)


@cython.locals(carry="double[::1]", out="double[::1]", ctx="double[::1]", row="double[::1]", r=Py_ssize_t,
               c=Py_ssize_t)
cpdef second_matrix(double[::1] p, double[::1] rows, Py_ssize_t n)


@cython.locals(out="double[::1]", ctx="double[::1]", row="double[::1]", block="double[::1]", leaf="int[::1]",
               sums="double[::1]", start=Py_ssize_t, size=Py_ssize_t, k=Py_ssize_t, c=Py_ssize_t)
cdef _second_stage(double[::1] p, double[::1] carry, Py_ssize_t n, Forest second, Round state)


@cython.locals(ctx="double[::1]", running=double, region=double, inside=Py_ssize_t, low=Py_ssize_t, r=Py_ssize_t,
               end=Py_ssize_t, k=Py_ssize_t)
cdef _context(double[::1] p, double[::1] carry, Py_ssize_t n)


@cython.locals(c=Py_ssize_t, radius=Py_ssize_t, low=Py_ssize_t, high=Py_ssize_t, above=double, below=double,
               k=Py_ssize_t)
cdef void _second_row(double[::1] p, double[::1] carry, Py_ssize_t n, double[::1] ctx, Py_ssize_t r,
                      double[::1] row) except *


@cython.locals(tests="int[::1]", thresholds="double[::1]", leaves="double[::1]", depth=int, span=Py_ssize_t,
               t=Py_ssize_t, k=Py_ssize_t, d=Py_ssize_t, column=Py_ssize_t, threshold=double, bit=int,
               base=Py_ssize_t, c0=Py_ssize_t, c1=Py_ssize_t, c2=Py_ssize_t, c3=Py_ssize_t, c4=Py_ssize_t,
               c5=Py_ssize_t, t0=double, t1=double, t2=double, t3=double, t4=double, t5=double)
cdef void _forest(double[::1] block, Py_ssize_t size, Forest forest, int[::1] leaf, double[::1] sums) noexcept


@cython.locals(r=Py_ssize_t)
cpdef list below(double[::1] scores, double threshold)


@cython.locals(n=Py_ssize_t, prose="unsigned char[::1]", r=Py_ssize_t)
cpdef list low(LineData data, list kept, double[::1] scores, double threshold, double sheltered)


@cython.locals(prose="unsigned char[::1]", r=Py_ssize_t)
cpdef list low_rows(double[::1] scores, double[::1] rows, Py_ssize_t n, double threshold, double sheltered)


@cython.locals(out=list, r=Py_ssize_t, end=Py_ssize_t, guarded=bint, limit=double, k=Py_ssize_t)
cdef list _low(double[::1] scores, unsigned char[::1] prose, Py_ssize_t n, double threshold, double sheltered)
