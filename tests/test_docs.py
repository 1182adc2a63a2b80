"""The rule docs, ``explain``, flake8's messages and the ast-grep rules all say what the catalog says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from flake8_qiskit_migrate import cli
from flake8_qiskit_migrate.catalog import RULES
from flake8_qiskit_migrate.docs import REGENERATE_COMMAND, main as docs_main, render_index, render_rule_doc

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules"


@pytest.mark.parametrize("code", list(RULES))
def test_every_code_has_a_docs_page_rendered_from_the_catalog(code):
    page = DOCS / f"{code}.md"
    assert page.is_file(), f"{page} is missing; run: {REGENERATE_COMMAND}"
    assert page.read_text(encoding="utf-8") == render_rule_doc(RULES[code]), (
        f"{page} is stale; run: {REGENERATE_COMMAND}"
    )


def test_the_docs_index_lists_every_code_and_no_page_is_left_over():
    index = DOCS / "README.md"
    assert index.read_text(encoding="utf-8") == render_index(), f"{index} is stale; run: {REGENERATE_COMMAND}"
    assert sorted(p.stem for p in DOCS.glob("QM*.md")) == sorted(RULES)


def test_a_page_has_ruffs_sections_in_order():
    page = render_rule_doc(RULES["QM002"])
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == ["## What it does", "## Messages", "## Why is this bad?", "## Example", "## Use instead",
                        "## Fix safety", "## Versions", "## Turning it off"]
    assert f"`{RULES['QM002'].message}`" in page
    assert RULES["QM002"].docs_url.endswith("docs/rules/QM002.md")


def test_the_check_mode_of_the_generator_catches_a_stale_page(tmp_path, capsys):
    assert docs_main(["--write", str(tmp_path)]) == 0
    assert docs_main(["--check", str(tmp_path)]) == 0
    (tmp_path / "QM004.md").write_text("# edited by hand\n", encoding="utf-8")
    assert docs_main(["--check", str(tmp_path)]) == 1
    assert REGENERATE_COMMAND in capsys.readouterr().err


@pytest.mark.parametrize("code", list(RULES))
def test_explain_prints_the_docs_page(code, capsys):
    assert cli.main(["explain", code]) == 0
    assert capsys.readouterr().out == (DOCS / f"{code}.md").read_text(encoding="utf-8")


def test_explain_accepts_lowercase_codes_from_the_command_line():
    result = subprocess.run([sys.executable, "-m", "flake8_qiskit_migrate.cli", "explain", "qm007"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout == render_rule_doc(RULES["QM007"])


def from_a_template(rule, message: str) -> bool:
    """Whether a finding's message is one of the rule's catalog templates, filled in."""
    for _, template in rule.templates:
        parts = re.split(r"\{\w+\}", f"{rule.code} {template}")
        if re.fullmatch(".+?".join(map(re.escape, parts)), message):
            return True
    return False


def test_the_site_templates_are_listed_on_the_rule_page():
    page = render_rule_doc(RULES["QM002"])
    assert "- `QM002 <site> was removed; use Sampler(mode=<backend>).run(<pubs><rest>)`" in page


def test_flake8_prints_a_catalog_message_for_every_invalid_example(tmp_path):
    expected = {}
    for rule in RULES.values():
        for number, source in enumerate(rule.invalid):
            path = tmp_path / f"{rule.code}_{number}.py"
            path.write_text(source, encoding="utf-8")
            expected[path.name] = rule.code
    assert set(expected.values()) == set(RULES) - {"QM000"}  # QM000 is the checker's own failure
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "QM",
         "--format", "%(path)s\t%(code)s %(text)s", "."],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert result.returncode == 1, result.stderr
    seen = {}
    for line in result.stdout.splitlines():
        path, message = line.split("\t")
        code = message.split(" ", 1)[0]
        assert from_a_template(RULES[code], message), message
        seen.setdefault(Path(path).name, set()).add(code)
    missing = {name: code for name, code in expected.items() if code not in seen.get(name, set())}
    assert missing == {}


def test_every_ast_grep_rule_message_is_the_catalog_message():
    checked = 0
    for path in sorted((ROOT / "rules").rglob("*.y*ml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            code = document["id"].split("-", 1)[0]
            if code not in RULES:
                continue  # a utility rule (rules/utils) reports nothing itself
            assert document["message"] == RULES[code].message, f"{path}: {document['id']}"
            checked += 1
    assert checked, "no ast-grep rule with a QM code found under rules/"
