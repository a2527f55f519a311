# C types of lines.py (Cython's pure-Python mode): the Python source stays the one definition.

cimport cython

from cleaner.tables.words cimport Cues, Literals, Phrasebook, Words

cdef class LineTable:
    cdef readonly Py_ssize_t n
    cdef readonly list texts
    cdef readonly list keys
    cdef readonly dict glued
    cdef readonly unsigned char[::1] blank
    cdef readonly int[::1] twords
    cdef readonly int[::1] words
    cdef readonly unsigned int[::1] flags
    cdef readonly unsigned int[::1] langs
    cdef readonly unsigned long long[::1] literals
    cdef readonly unsigned int[::1] last
    cdef readonly unsigned long long[::1] key_literals
    cdef readonly unsigned long long[::1] cues
    cdef readonly unsigned long long[::1] decided


cdef unsigned int[::1] _INFO
cdef unsigned int[::1] _LOWER

cdef unsigned long long FNV_OFFSET, FNV_PRIME, MASK
cdef unsigned int WHITESPACE, PLAIN, WORD, DECIMAL, LOWER_ONE
cdef unsigned int SENTENCE, GLUED, MENU_ITEM, MENU_EMPTY, APOSTROPHE, CURLY_APOSTROPHE, COLON
cdef unsigned int MOJIBAKE_HINT, INVISIBLE_HINT, QUOTES_HINT, ELLIPSIS_HINT, SPACES_HINT, NBSP_HINT, TRAILING_HINT
cdef Py_ssize_t _LANGUAGES


cdef int _info(unsigned int cp) except -1
cdef int _learn(unsigned int cp) except -1

cdef long _lower(unsigned int cp) except -1
cdef bint _is_closer_end(unsigned int cp) noexcept
cdef bint _is_closer_inside(unsigned int cp) noexcept
cdef bint _is_sentence_end(unsigned int cp) noexcept
cdef bint _is_label_end(unsigned int cp) noexcept
cdef bint _is_cjk(unsigned int cp) noexcept
cdef bint _is_marker(unsigned int cp) noexcept
cdef bint _is_nbsp(unsigned int cp) noexcept
cdef bint _is_spacing(unsigned int cp) noexcept


@cython.locals(
    texts=list, text=str, blank="unsigned char[::1]", twords="int[::1]", flags="unsigned int[::1]",
    langs="unsigned int[::1]", found="unsigned long long[::1]", i=Py_ssize_t, j=Py_ssize_t, k=Py_ssize_t,
    n=Py_ssize_t, flag=cython.uint, words=Py_ssize_t, cjk=Py_ssize_t, inside=bint, empty=bint,
    word_start=Py_ssize_t, h="unsigned long long", odd=bint, hits="unsigned long long", previous=cython.uint,
    previous_space=bint, cp=cython.uint, info=cython.uint, char=Py_UCS4, decimals=Py_ssize_t, stops=bint,
)
cpdef void raw_pass(LineTable table, Py_ssize_t start, Py_ssize_t stop, Literals literals, Words stopwords,
                    Py_ssize_t long_line, bint languages) except *


@cython.locals(flag=cython.uint, k=Py_ssize_t, following=cython.uint)
cdef int _special(str text, Py_ssize_t j, Py_ssize_t n, unsigned int cp, unsigned int previous,
                           bint previous_space) except -1


cdef bint _is_mojibake_second(unsigned int cp) noexcept


@cython.locals(k=Py_ssize_t, hexadecimal=bint, start=Py_ssize_t, digits=Py_ssize_t)
cdef bint _entity_at(str text, Py_ssize_t j, Py_ssize_t n) except? -1


@cython.locals(entry=int)
cdef void _count_word(LineTable table, Py_ssize_t i, str text, Py_ssize_t start, Py_ssize_t end,
                      unsigned long long h, bint odd, Words stopwords) except *


@cython.locals(size=Py_ssize_t, slot=Py_ssize_t, entry=int, offset=Py_ssize_t, k=Py_ssize_t, cp=cython.uint)
cdef int _find_lowered(Words words, unsigned long long h, str text, Py_ssize_t begin, Py_ssize_t end) except? -2


@cython.locals(found="unsigned long long", n=Py_ssize_t, e=Py_ssize_t, second=cython.uint, begin=Py_ssize_t,
               length=Py_ssize_t, k=Py_ssize_t)
cdef unsigned long long _literals_at(Literals literals, str text, Py_ssize_t j, unsigned int cp) except? 0


@cython.locals(j=Py_ssize_t)
cdef int _sentence_at_end(LineTable table, Py_ssize_t i, str text, Py_ssize_t n) except -1


@cython.locals(i=Py_ssize_t, end=Py_ssize_t, digits=Py_ssize_t, cp=cython.uint, label=Py_ssize_t, stop=Py_ssize_t)
cdef int _menu_shape(str text, Py_ssize_t n, Py_ssize_t words, Py_ssize_t cjk, Py_ssize_t decimals,
                              bint stops) except -1
