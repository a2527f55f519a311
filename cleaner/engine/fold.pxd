# C types of fold.py (Cython's pure-Python mode): the Python source stays the one definition.

cimport cython

from cleaner.engine.lines cimport LineTable, _is_cjk, _learn, _literals_at
from cleaner.tables.words cimport Cues, Literals, Phrasebook, Words

cdef unsigned int[::1] _INFO
cdef unsigned int[::1] _FOLD
cdef unsigned int[::1] _buffer
cdef int[::1] _entries
cdef unsigned long long[::1] _reach
cdef unsigned long long FNV_OFFSET, FNV_PRIME, MASK
cdef unsigned int FOLD_ONE, FOLD_NONE, FOLD_ODD, GLUED, SLOW_FOLD


@cython.locals(i=Py_ssize_t, text=str, key=str, glued=str, length=Py_ssize_t)
cpdef void fold_pass(LineTable table, Py_ssize_t start, Py_ssize_t stop, Cues cues, Literals literals,
                     Py_ssize_t short, Py_ssize_t long_line) except *


@cython.locals(n=Py_ssize_t, buf="unsigned int[::1]", size=Py_ssize_t, length=Py_ssize_t, begin=Py_ssize_t,
               h="unsigned long long", before="unsigned long long", count=Py_ssize_t, cjk=Py_ssize_t,
               trig="unsigned long long", previous=cython.uint, char=Py_UCS4, cp=cython.uint, glue=bint,
               info=cython.uint, pieces=str, m=Py_ssize_t, k=Py_ssize_t, d=cython.uint, entry=int, words=Words)
cdef Py_ssize_t _fold_line(LineTable table, Py_ssize_t i, str text, bint unglue, Cues cues) except -2


cdef void _room(Py_ssize_t size) except *


@cython.locals(book=Phrasebook, contains="unsigned long long", start="unsigned long long",
               exact="unsigned long long", row="unsigned long long", s=Py_ssize_t, node=int, k=Py_ssize_t,
               accepted="unsigned long long")
cdef void _record(LineTable table, Py_ssize_t i, unsigned long long trig, Py_ssize_t count, Cues cues) except *


@cython.locals(k=Py_ssize_t, s=Py_ssize_t, node=int, accepted="unsigned long long")
cdef unsigned long long _rows(Phrasebook book, Py_ssize_t count, unsigned long long rules) except? 0


@cython.locals(size=Py_ssize_t, slot=Py_ssize_t, entry=int, offset=Py_ssize_t, k=Py_ssize_t)
cdef int _find(Words words, unsigned long long h, Py_ssize_t begin, Py_ssize_t end) noexcept


@cython.locals(found="unsigned long long", j=Py_ssize_t, cp=cython.uint, char=Py_UCS4)
cdef unsigned long long _key_literals(str key, Literals literals) except? 0


cdef str _string(Py_ssize_t length)
