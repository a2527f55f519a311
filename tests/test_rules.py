"""Every example of every rule runs as a test; the registry and the rule declarations are checked too."""

from __future__ import annotations

from collections import Counter

import pytest

from cleaner import clean_text
from cleaner.rules import ALL_RULES, Example, Rule, _registry, by_code, select
from cleaner.rules.learned import site_key
from cleaner.rules.typography import FINAL_NEWLINE


def _cases() -> list[tuple[Rule, Example]]:
    return [(rule, example) for rule in ALL_RULES for example in rule.examples]


def _ids() -> list[str]:
    seen: Counter[str] = Counter()
    ids = []
    for rule, example in _cases():
        stem = f"{rule.code}-{example.lang or 'any'}"
        seen[stem] += 1
        ids.append(f"{stem}-{seen[stem]}")
    return ids


@pytest.mark.parametrize(("rule", "example"), _cases(), ids=_ids())
def test_rule_example(rule: Rule, example: Example) -> None:
    if rule.repair is not None:
        assert example.fixed is not None, "a repair example says what the line becomes"
        assert rule.repair(example.text) == example.fixed
        if rule is FINAL_NEWLINE:
            assert clean_text(example.text).text == example.fixed
        return
    # Removal examples go through the whole engine: a drop must be this rule's, a keep must survive all.
    site = frozenset(site_key(line) for line in example.site) or None  # the LR rules' learned lines
    result = clean_text(example.text, lang=example.lang, site=site)
    target = example.target if example.target is not None else example.text
    numbers = [n for n, line in enumerate(example.text.split("\n"), start=1) if line == target]
    assert numbers, f"target {target!r} is not a line of the example"
    dropped = {v.line: v.code for v in result.removed}
    if example.drop:
        assert any(dropped.get(n) == rule.code for n in numbers), f"not removed by {rule.code}: {dropped}"
    else:
        assert not any(n in dropped for n in numbers), f"near miss removed: {dropped}"


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_rule_has_drop_and_keep_examples_per_language(rule: Rule) -> None:
    for lang in rule.languages or (None,):
        examples = [e for e in rule.examples if rule.languages == () or e.lang == lang]
        assert any(e.drop for e in examples), f"{rule.code}: no example that fires for {lang}"
        assert any(not e.drop for e in examples), f"{rule.code}: no near miss for {lang}"
    assert rule.summary.endswith(".") and rule.why, f"{rule.code}: summary and reason are sentences"


def test_registry_refuses_duplicate_codes_and_names() -> None:
    rule = ALL_RULES[0]
    clone = Rule(rule.code, "another-name", rule.summary, rule.why, rule.examples, line=rule.line)
    with pytest.raises(ValueError, match="duplicate rule code"):
        _registry([(rule,), (clone,)])
    renamed = Rule("ZZ999", rule.name, rule.summary, rule.why, rule.examples, line=rule.line)
    with pytest.raises(ValueError, match="duplicate rule name"):
        _registry([(rule, renamed)])


def test_rule_declaration_is_validated() -> None:
    line = ALL_RULES[0].line
    with pytest.raises(ValueError, match="exactly one"):
        Rule("CK999", "x", "X.", "y", (), line=line, repair=str.strip)
    with pytest.raises(ValueError, match="two capitals"):
        Rule("ck1", "x", "X.", "y", (), line=line)


def test_codes_are_unique_and_known_families() -> None:
    codes = [r.code for r in ALL_RULES]
    assert len(codes) == len(set(codes))
    assert {r.family for r in ALL_RULES} <= {"CK", "SO", "SH", "RL", "NV", "CR", "NF", "DU", "LR", "LQ", "TY"}
    assert by_code("CK001").name == "cookie-banner"


def test_select_longest_prefix_wins() -> None:
    def codes(sel: list[str], ign: list[str]) -> set[str]:
        return {r.code for r in select(sel, ign)}

    assert codes(["NV"], []) == {r.code for r in ALL_RULES if r.code.startswith("NV")}
    assert "NV005" not in codes([""], ["NV"])
    assert codes(["NV005"], ["NV"]) == {"NV005"}  # the longer select prefix beats the shorter ignore
    assert codes(["NV"], ["NV005"]) == {r.code for r in ALL_RULES if r.code.startswith("NV")} - {"NV005"}
