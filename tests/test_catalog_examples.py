"""Fixit-style: the catalog's own INVALID snippets must report their code, VALID ones must not."""

from __future__ import annotations

import pytest

from flake8_qiskit_migrate.catalog import RULES
from flake8_qiskit_migrate.detect.checker import check_source

CHECKED_RULES = [rule for rule in RULES.values() if rule.code != "QM000"]
INVALID = [(rule.code, snippet) for rule in CHECKED_RULES for snippet in rule.invalid]
VALID = [(rule.code, snippet) for rule in CHECKED_RULES for snippet in rule.valid]


def codes_in(snippet: str) -> set[str]:
    return {finding.code for finding in check_source(snippet)}


@pytest.mark.parametrize("rule", CHECKED_RULES, ids=lambda rule: rule.code)
def test_every_rule_has_invalid_and_valid_examples(rule):
    assert rule.invalid and rule.valid


@pytest.mark.parametrize(("code", "snippet"), INVALID, ids=[f"{c}-invalid-{i}" for i, (c, _) in enumerate(INVALID)])
def test_invalid_snippet_reports_its_code(code, snippet):
    assert code in codes_in(snippet)


@pytest.mark.parametrize(("code", "snippet"), VALID, ids=[f"{c}-valid-{i}" for i, (c, _) in enumerate(VALID)])
def test_valid_snippet_does_not_report_its_code(code, snippet):
    assert code not in codes_in(snippet)


@pytest.mark.parametrize(("code", "snippet"), INVALID + VALID, ids=[f"{c}-{i}" for i, (c, _) in enumerate(INVALID + VALID)])
def test_catalog_snippets_never_crash_the_checker(code, snippet):
    assert "QM000" not in codes_in(snippet)
