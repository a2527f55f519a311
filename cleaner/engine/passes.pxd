# C types of passes.py (Cython's pure-Python mode).

cimport cython

from cleaner.engine.lines cimport LineTable


cdef Py_ssize_t ENDS


@cython.locals(k=Py_ssize_t)
cdef bint _ends(unsigned int[::1] ends, Py_ssize_t bit, unsigned int last) noexcept


@cython.locals(found=list, everywhere="unsigned long long", limits="int[::1]", ends="unsigned int[::1]", last=cython.uint,
               rules=Py_ssize_t, i=Py_ssize_t,
               mask="unsigned long long", words=int, bit=Py_ssize_t, one="unsigned long long", first=Py_ssize_t)
cpdef list candidates(LineTable table, object plan, Py_ssize_t long_line, list codes, object doc)

@cython.locals(found=object, seen="const unsigned char[::1]", out="int[::1]", k=Py_ssize_t, i=Py_ssize_t)
cpdef object content(object blank)

@cython.locals(found=list, k=Py_ssize_t, i=Py_ssize_t)
cpdef list kept(const int[::1] content, const unsigned char[::1] gone)

@cython.locals(found=list, i=Py_ssize_t)
cpdef list marked(const unsigned char[::1] flags)

@cython.locals(found=list, i=Py_ssize_t)
cpdef list marked_in(const unsigned char[::1] flags, const unsigned char[::1] wanted)

@cython.locals(j=Py_ssize_t, n=Py_ssize_t)
cpdef Py_ssize_t neighbour(const unsigned char[::1] blank, Py_ssize_t i, Py_ssize_t step) except? -2

@cython.locals(k=Py_ssize_t)
cpdef bint blank_between(const unsigned char[::1] blank, Py_ssize_t i, Py_ssize_t j) except? -1

@cython.locals(flags="unsigned int[::1]", i=Py_ssize_t)
cpdef list hinted(LineTable table, unsigned int hint)

@cython.locals(out=list, start=Py_ssize_t, deleted=bint, i=Py_ssize_t, trailing=bint, k=Py_ssize_t)
cpdef tuple assemble(const unsigned char[::1] blank, const unsigned char[::1] gone, bint trim_end)

@cython.locals(k=Py_ssize_t)
cdef Py_ssize_t _first_blank(const unsigned char[::1] blank, const unsigned char[::1] gone, Py_ssize_t start,
                             Py_ssize_t stop) noexcept

@cython.locals(totals=list, j=Py_ssize_t, i=Py_ssize_t, k=Py_ssize_t)
cpdef list votes(const unsigned int[::1] langs, Py_ssize_t languages, list rows)
