# C types of menus.py (Cython's pure-Python mode): NV022's loop over every line of a document.

cimport cython


@cython.locals(found=list, content="const int[::1]", flags="const unsigned int[::1]", gone="const unsigned char[::1]",
               learned="const unsigned char[::1]", run=list, labels=Py_ssize_t, segment=Py_ssize_t, before=Py_ssize_t, position=Py_ssize_t,
               i=Py_ssize_t, shape=cython.uint)
cpdef list _menu_runs(object doc)

cdef unsigned int MENU_ITEM, MENU_EMPTY, COLON
