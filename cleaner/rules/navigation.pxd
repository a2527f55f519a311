# C types of navigation.py (Cython's pure-Python mode): NV010's loop over every line of a document.

cimport cython


@cython.locals(found=list, content="const int[::1]", gone="const unsigned char[::1]", direct="const unsigned char[::1]", words="const int[::1]",
               title=Py_ssize_t, position=Py_ssize_t, i=Py_ssize_t)
cpdef list _islands(object doc)

cdef Py_ssize_t _ISLAND_MAX_WORDS
