"""The rule registry: every family's rules in one explicit, ordered tuple, and selection by code prefix."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from . import (
    consent,
    credits,
    duplicates,
    footer,
    learned,
    navigation,
    notfound,
    quality,
    related,
    share,
    social,
    typography,
)
from .base import Example, Rule

__all__ = ["ALL_RULES", "Example", "Rule", "by_code", "select"]


def _registry(families: Iterable[Sequence[Rule]]) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    codes: set[str] = set()
    names: set[str] = set()
    for family in families:
        for rule in family:
            if rule.code in codes:
                raise ValueError(f"duplicate rule code {rule.code}")
            if rule.name in names:
                raise ValueError(f"duplicate rule name {rule.name}")
            codes.add(rule.code)
            names.add(rule.name)
            rules.append(rule)
    return tuple(rules)


# Order matters only for which code a line is reported under when several rules would remove it:
# specific families come before general ones (a credit before a duplicate, a consent line before a
# generic footer link).
ALL_RULES: tuple[Rule, ...] = _registry(
    (
        consent.RULES,
        social.RULES,
        share.RULES,
        related.RULES,
        notfound.RULES,
        credits.RULES,
        learned.RULES,  # before DU: with the site's header gone, the first kept line is the title
        duplicates.RULES,
        navigation.RULES,
        footer.RULES,
        quality.RULES,  # last of the removal rules: it judges what the phrase and context rules left
        typography.RULES,
        (typography.APOSTROPHES, typography.FINAL_NEWLINE),
    )
)

_BY_CODE = {rule.code: rule for rule in ALL_RULES}


def by_code(code: str) -> Rule:
    """The rule with this code (KeyError when there is none)."""
    return _BY_CODE[code]


def select(
    select: Sequence[str] = ("",), ignore: Sequence[str] = (), rules: Sequence[Rule] = ALL_RULES
) -> tuple[Rule, ...]:
    """The rules enabled by code prefixes, as ruff does it: the longest matching prefix wins.

    >>> [r.code for r in select(["NV"], ["NV0"], ) if r.code.startswith("NV")]
    []
    >>> [r.code for r in select(["NV"], ["NV0", "NV001"])][:0]
    []
    >>> "CK001" in [r.code for r in select(["CK001"], ["CK"])]
    True
    """
    chosen = []
    for rule in rules:
        best_select = max((len(p) for p in select if rule.code.startswith(p)), default=-1)
        best_ignore = max((len(p) for p in ignore if rule.code.startswith(p)), default=-1)
        if best_select >= 0 and best_select > best_ignore:
            chosen.append(rule)
    return tuple(chosen)
