# C types of stats.py (Cython's pure-Python mode).

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
cdef int CLASSES, PROSE_WORDS, OWN, PROSE


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


cdef class Ids:
    cdef readonly Py_ssize_t size, count
    cdef readonly list keys
    cdef readonly int[::1] slots
    cdef readonly unsigned long long[::1] hashes
    cdef readonly int[::1] line, start, end, bits


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
