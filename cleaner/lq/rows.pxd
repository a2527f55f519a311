# C types of rows.py (Cython's pure-Python mode).

cimport cython

from cleaner.lq.stats cimport LineData

cdef int OWN, PROSE, WIDTH, BLOCK, REPEATS, REL_WORDS, RANK_CHARS
cdef int _NEAR[9]
cdef int _FAR[2]
cdef int _WINDOWED[6]
cdef int _RADII[10]
cdef int _RELATIVE[5]
cdef int PAGE_AT, PLACE_AT, PREV_AT, NEXT_AT, PREV2_AT, NEXT2_AT, COHERENCE_AT, WINDOW_AT, RELATIVE_AT


cdef class Round:
    cdef readonly Py_ssize_t capacity, vocabulary, count
    cdef readonly double[::1] row, block, totals, page, mean, own, values, sums, above
    cdef readonly int[::1] leaf, bounds, region_count, page_count, index, order, scratch, gaps
    cdef readonly unsigned char[::1] prose

    @cython.locals(r=Py_ssize_t, n=Py_ssize_t)
    cpdef void prepare(self, list kept, Py_ssize_t distinct) except *
    cpdef void compute(self, LineData data, list kept) except *
    cdef void fill(self, LineData data, list kept, Py_ssize_t r, double[::1] row) except *

cdef double[::1] _LOG1P
cdef Py_ssize_t _SMALL


cdef double _log1p(Py_ssize_t k) noexcept


@cython.locals(n=Py_ssize_t, state=Round, row="double[::1]", r=Py_ssize_t, c=Py_ssize_t, out="double[::1]")
cpdef matrix(LineData data, list kept)


@cython.locals(n=Py_ssize_t, own="double[::1]", prose="unsigned char[::1]", r=Py_ssize_t, index="int[::1]",
               i=Py_ssize_t, c=Py_ssize_t, order="int[::1]", median=double, k=Py_ssize_t, total=double,
               stops=Py_ssize_t, words=Py_ssize_t, start=Py_ssize_t, end=Py_ssize_t, region=double,
               prose_lines=Py_ssize_t, page="double[::1]", above=double, last=Py_ssize_t, low=Py_ssize_t,
               high=Py_ssize_t, sum_=double)
cdef void _round(LineData data, list kept, Round state) except *


@cython.locals(counts="int[::1]", index="int[::1]", ids=tuple, kind=int, column="int[::1]", n=Py_ssize_t,
               r=Py_ssize_t)
cdef void _repeats(LineData data, list kept, Round state) except *


@cython.locals(n=Py_ssize_t, r=Py_ssize_t, width=Py_ssize_t, low=Py_ssize_t, middle=Py_ssize_t, high=Py_ssize_t,
               a=Py_ssize_t, b=Py_ssize_t, k=Py_ssize_t)
cdef void _sort(int[::1] values, int[::1] index, Py_ssize_t n, int[::1] order, int[::1] scratch) except *


@cython.locals(n=Py_ssize_t, total=double, low=double, best=double, end=Py_ssize_t, r=Py_ssize_t, chars=double,
               start=Py_ssize_t)
cdef tuple _densest_run(LineData data, int[::1] index, unsigned char[::1] prose, Py_ssize_t n)


@cython.locals(start=Py_ssize_t, end=Py_ssize_t, region_count="int[::1]", page_count="int[::1]", n=Py_ssize_t,
               index="int[::1]",
               r=Py_ssize_t, i=Py_ssize_t, t=Py_ssize_t, values="double[::1]", columns=Py_ssize_t, inside=int,
               topic=double, shared_region=double, shared_page=double, depth=double, ident=Py_ssize_t,
               other_region=Py_ssize_t, denominator=double)
cdef void _coherence(LineData data, list kept, Round state) except *


@cython.locals(columns=Py_ssize_t, own="double[::1]", values="double[::1]", sums="double[::1]", r=Py_ssize_t,
               c=Py_ssize_t, running=double)
cdef void _windows(Round state, Py_ssize_t n) except *


@cython.locals(n=Py_ssize_t, own="double[::1]", base=Py_ssize_t, c=Py_ssize_t, start=Py_ssize_t, end=Py_ssize_t,
               index="int[::1]",
               total=double, safe=double, above=double, chars=double, columns=Py_ssize_t, low=Py_ssize_t,
               high=Py_ssize_t)
cdef void _row(LineData data, list kept, Round state, Py_ssize_t r, double[::1] row) except *
