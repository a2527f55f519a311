# C types of kernel.py (Cython's pure-Python mode).

cimport cython

from cleaner.tables.words cimport Words

cdef unsigned int[::1] _INFO
cdef double[::1] _LOG1P
cdef int _COUNTS[16]
cdef int _CUES[6]
cdef Py_ssize_t _SMALL


cdef double _log1p(Py_ssize_t k) noexcept
cdef unsigned int CLASS_SHIFT, WHITESPACE
cdef int LOWER, UPPER, DIGIT, SPACE, END, COMMA, COLON, SEP, SLASH, AT, QUOTE, BULLET, SYMBOL, GUILLEMET, DOT
cdef int CLASSES, PROSE_WORDS, OWN, WIDTH, BLOCK, REPEATS, REL_WORDS, RANK_CHARS, PROSE
cdef int _NEAR[9]
cdef int _FAR[2]
cdef int _WINDOWED[6]
cdef int _RADII[10]
cdef int _RELATIVE[5]
cdef int PAGE_AT, PLACE_AT, PREV_AT, NEXT_AT, PREV2_AT, NEXT2_AT, COHERENCE_AT, WINDOW_AT, RELATIVE_AT


cdef class LineData:
    cdef readonly Py_ssize_t n
    cdef readonly double[::1] own
    cdef readonly int[::1] words
    cdef readonly int[::1] chars
    cdef readonly int[::1] stops
    cdef readonly int[::1] key_id
    cdef readonly int[::1] first_id
    cdef readonly int[::1] prefix_id
    cdef readonly int[::1] last_id
    cdef readonly int[::1] token_at
    cdef readonly int[::1] token_id
    cdef readonly unsigned char[::1] token_topic
    cdef readonly int[::1] counts
    cdef public Py_ssize_t distinct, keys, prefixes


cdef class Round:
    cdef readonly Py_ssize_t capacity, vocabulary, count
    cdef readonly double[::1] row, block, totals, page, mean, own, values, sums, above
    cdef readonly int[::1] leaf, bounds, region_count, page_count, index, order, scratch, gaps
    cdef readonly unsigned char[::1] prose

    @cython.locals(r=Py_ssize_t, n=Py_ssize_t)
    cpdef void prepare(self, list kept, Py_ssize_t distinct) except *

cdef Round _WORK


cdef class Ids:
    cdef readonly Py_ssize_t size, count
    cdef readonly list keys
    cdef readonly int[::1] slots
    cdef readonly unsigned long long[::1] hashes
    cdef readonly int[::1] line, start, end


cdef unsigned long long FNV_OFFSET, FNV_PRIME, MASK


@cython.locals(n=Py_ssize_t, tokens=Py_ssize_t, i=Py_ssize_t, at=Py_ssize_t, data=LineData, ids=Ids,
               pair=Py_ssize_t)
cpdef LineData measure(list texts, list keys, list rows, Words vocabulary)


@cython.locals(own="double[::1]", row=Py_ssize_t, count=Py_ssize_t, stops=Py_ssize_t, first=Py_ssize_t,
               second=Py_ssize_t, last=Py_ssize_t, begin=Py_ssize_t, end=Py_ssize_t, length=Py_ssize_t,
               h="unsigned long long", entry=int, bits=cython.uint, ident=Py_ssize_t, family=Py_ssize_t,
               cue_sum=Py_ssize_t, cues="int *", char=Py_UCS4)
cdef Py_ssize_t _measure_key(LineData data, Py_ssize_t i, str key, Words vocabulary, Ids ids,
                             Py_ssize_t at) except -1


@cython.locals(slot=Py_ssize_t, word=Py_ssize_t)
cdef Py_ssize_t _word_id(Ids ids, unsigned long long h, str key, Py_ssize_t begin, Py_ssize_t end,
                         Py_ssize_t line) except -1


@cython.locals(k=Py_ssize_t, kind_a=int, kind_b=int, data_a="void *", data_b="void *")
cdef bint _same(str a, Py_ssize_t a_begin, Py_ssize_t a_end, str b, Py_ssize_t b_begin, Py_ssize_t b_end) except? -1


@cython.locals(k=Py_ssize_t, kind=int, data="void *")
cdef bint _spells(Words words, Py_ssize_t offset, str key, Py_ssize_t begin, Py_ssize_t end) except? -1


@cython.locals(slot=Py_ssize_t, entry=int, offset=Py_ssize_t)
cdef int _vocabulary(Words words, unsigned long long h, str key, Py_ssize_t begin, Py_ssize_t end) except? -2


@cython.locals(counts="int *", capitals=Py_ssize_t, starts=Py_ssize_t, numbers=Py_ssize_t, years=Py_ssize_t,
               dates=Py_ssize_t, web=Py_ssize_t, n=Py_ssize_t, previous=int, before=int, previous_cp=cython.uint,
               run=Py_ssize_t, run_first=cython.uint, char=Py_UCS4, cp=cython.uint, klass=int, info=cython.uint,
               indent=Py_ssize_t, last=Py_ssize_t, end_class=int, first_class=int, chars=Py_ssize_t,
               words=double, letters=Py_ssize_t, ends_sentence=bint, own="double[::1]", row=Py_ssize_t, k=int)
cdef void _measure_text(LineData data, Py_ssize_t i, str text) except *


@cython.locals(info=cython.uint)
cdef int _class(unsigned int cp) except? -1
cdef int _info(unsigned int cp) except? -1


@cython.locals(n=Py_ssize_t, state=Round, row="double[::1]", r=Py_ssize_t, c=Py_ssize_t, out="double[::1]")
cpdef matrix(LineData data, list kept)


@cython.locals(n=Py_ssize_t, state=Round, row="double[::1]", out="double[::1]", block="double[::1]",
               leaf="int[::1]", sums="double[::1]", first=Py_ssize_t, size=Py_ssize_t, k=Py_ssize_t, c=Py_ssize_t)
cpdef score(LineData data, list kept, int[::1] tests, double[::1] thresholds, double[::1] leaves, double bias,
            int depth)


@cython.locals(out="double[::1]", block="double[::1]", leaf="int[::1]", sums="double[::1]", first=Py_ssize_t,
               size=Py_ssize_t, k=Py_ssize_t, c=Py_ssize_t)
cpdef score_rows(double[::1] rows, Py_ssize_t n, int[::1] tests, double[::1] thresholds, double[::1] leaves,
                 double bias, int depth)


@cython.locals(trees=Py_ssize_t, span=Py_ssize_t, t=Py_ssize_t, k=Py_ssize_t, d=Py_ssize_t, column=Py_ssize_t,
               threshold=double, bit=int, base=Py_ssize_t, c0=Py_ssize_t, c1=Py_ssize_t, c2=Py_ssize_t,
               c3=Py_ssize_t, t0=double, t1=double, t2=double, t3=double)
cdef void _forest(double[::1] block, Py_ssize_t size, int[::1] tests, double[::1] thresholds, double[::1] leaves,
                  int depth, int[::1] leaf, double[::1] sums) noexcept


@cython.locals(n=Py_ssize_t, state=Round, own="double[::1]", prose="unsigned char[::1]", r=Py_ssize_t, index="int[::1]",
               i=Py_ssize_t, c=Py_ssize_t, order="int[::1]", median=double, k=Py_ssize_t, total=double,
               stops=Py_ssize_t, words=Py_ssize_t, start=Py_ssize_t, end=Py_ssize_t, region=double,
               prose_lines=Py_ssize_t, page="double[::1]", above=double, last=Py_ssize_t, low=Py_ssize_t,
               high=Py_ssize_t, sum_=double)
cdef Round _round(LineData data, list kept)


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


@cython.locals(r=Py_ssize_t)
cpdef list below(double[::1] scores, double threshold)
