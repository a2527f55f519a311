cimport cython

# C types of words.py (Cython's pure-Python mode).

@cython.final
cdef class Words:
    cdef readonly Py_ssize_t size
    cdef readonly unsigned long long[::1] hashes
    cdef readonly int[::1] slots
    cdef readonly unsigned int[::1] text
    cdef readonly int[::1] offsets
    cdef readonly unsigned long long[::1] trig
    cdef readonly unsigned long long[::1] first
    cdef readonly unsigned long long[::1] last
    cdef readonly unsigned int[::1] bits
    cdef readonly list words

    @cython.locals(h="unsigned long long", slot=Py_ssize_t)
    cpdef int find(self, str word) except? -2


@cython.final
cdef class Literals:
    cdef readonly unsigned short[::1] starts
    cdef readonly unsigned char[::1] singles, pairs
    cdef readonly unsigned int[::1] first
    cdef readonly unsigned int[::1] second
    cdef readonly unsigned int[::1] text
    cdef readonly int[::1] offsets
    cdef readonly unsigned long long[::1] masks
    cdef readonly tuple literals


@cython.final
cdef class Phrasebook:
    cdef readonly int[::1] root
    cdef readonly unsigned long long[::1] keys
    cdef readonly int[::1] children
    cdef readonly unsigned long long[::1] accepts
    cdef readonly Py_ssize_t size

    @cython.locals(key="unsigned long long", slot=Py_ssize_t)
    cpdef int child(self, int node, int entry) except? -2


cdef unsigned long long _spread(unsigned long long key) noexcept
cdef unsigned long long _OFFSET, _PRIME, _MASK, _GOLDEN


@cython.locals(h="unsigned long long", char=Py_UCS4)
cpdef unsigned long long word_hash(str word) noexcept


@cython.final
cdef class Cues:
    cdef readonly Words words
    cdef readonly Phrasebook book
    cdef readonly unsigned long long anywhere, contains, starts, exacts, rows
    cdef readonly unsigned long long decide_contains, decide_starts, decide_exacts, decide_rows
