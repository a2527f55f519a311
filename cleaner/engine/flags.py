"""Bits of a line's `flags` in the line table (`cleaner.engine.lines`), and its other fixed sizes."""

SENTENCE = 1  # a sentence end, as `rules.folding.is_prose` reads it
GLUED = 2  # holds a glue point ("surTelegram"): its key without unglueing differs (see `LineView.keys`)
MENU_ITEM = 4  # NV022 reads it as a link label
MENU_EMPTY = 8  # NV022 reads it as a bare list marker (or nothing)
HINT = 16  # a typography repair may change it (a superset of `typography.HINTS`)
APOSTROPHE = 32  # holds "'"
CURLY_APOSTROPHE = 64  # holds "’"
SLOW_FOLD = 128  # its key was folded by `rules.folding.fold` (a mark NFKD may reorder)

LANGUAGES = 6  # the language guess's profiles, in `lang.LANGUAGES` order
