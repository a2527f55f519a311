# C types of duplicates.py (Cython's pure-Python mode): DU001's and DU002's loops over the kept lines.

cimport cython


@cython.locals(kept=list, keys=list, texts=list, key=str, prefix=str, length=Py_ssize_t, i=Py_ssize_t, line=str,
               found=list)
cpdef list _title_copies(object doc)


@cython.locals(found=list, seen=set, keys=list, words="const int[::1]", i=Py_ssize_t, key=str)
cpdef list _repeated_lines(object doc)

cdef Py_ssize_t _TITLE_MAX_WORDS, _REPEAT_MIN_WORDS
