# C types of words.py (Cython's pure-Python mode).

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


cdef class Literals:
    cdef readonly unsigned short[::1] starts
    cdef readonly unsigned int[::1] first
    cdef readonly unsigned int[::1] second
    cdef readonly unsigned int[::1] text
    cdef readonly int[::1] offsets
    cdef readonly unsigned long long[::1] masks
    cdef readonly tuple literals
