"""Rule documentation rendered from the catalog: ``docs/rules/QM00N.md`` and ``explain``.

The pages are generated, never edited by hand, so they cannot drift from the messages
the checker prints. Regenerate them after changing ``catalog.py``::

    python -m flake8_qiskit_migrate.docs --write docs/rules

and check that they are current (what the tests do) with ``--check docs/rules``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Sequence

from .apis import NON_IBM_NAMES, NON_IBM_ROOTS
from .catalog import RULES, Rule

REGENERATE_COMMAND = "python -m flake8_qiskit_migrate.docs --write docs/rules"

FIX_SAFETY = {
    "safe": "**Safe.** `qiskit-migrate fix` rewrites the reported code without changing what it means.",
    "partial": (
        "**Partial.** `qiskit-migrate fix` rewrites the sites where the rewrite is known to be "
        "right and leaves the others reported."
    ),
    "none": "**Not offered.** The finding needs a decision only the author can make.",
}
FIX_LABELS = {"safe": "safe", "partial": "partial", "none": "not offered"}


def _code_block(code: str) -> str:
    return f"```python\n{code.rstrip()}\n```"


def render_rule_doc(rule: Rule) -> str:
    """The Markdown page of one rule; ``qiskit-migrate explain`` prints the same text."""
    sections = [
        f"# {rule.code}: {rule.slug}",
        f"Message: `{rule.message}`\n\nFix: {FIX_LABELS[rule.fix]}",
        f"## What it does\n\n{rule.what_it_does}",
        *([_site_messages(rule)] if rule.templates else []),
        f"## Why is this bad?\n\n{rule.why_bad}",
        f"## Example\n\n{_code_block(rule.example)}",
        f"## Use instead\n\n{_code_block(rule.use_instead)}",
        f"## Fix safety\n\n{FIX_SAFETY[rule.fix]} {rule.fix_notes}",
        f"## Versions\n\n{rule.versions}",
        (
            "## Turning it off\n\n"
            f"On one line: `# noqa: {rule.code}`. For a project: `extend-ignore = {rule.code}` in "
            f"the flake8 configuration, or `qiskit-migrate check --ignore {rule.code}`."
        ),
    ]
    return "\n\n".join(sections) + "\n"


def _site_messages(rule: Rule) -> str:
    """The forms a finding's message takes: the catalog's templates, with their fields named."""
    forms = "\n".join(f"- `{rule.code} {_placeholders(text)}`" for _, text in rule.templates)
    return ("## Messages\n\nEach finding names the site as written (shortened with `...` when long) and "
            f"its replacement there, in one of these forms:\n\n{forms}")


def _placeholders(template: str) -> str:
    return re.sub(r"\{(\w+)\}", r"<\1>", template)


def render_vendors() -> str:
    """The package roots whose objects are never IBM Quantum's (SPEC rule 3), for the index."""
    roots = ", ".join(f"`{root}`" for root in NON_IBM_ROOTS)
    names = ", ".join(f"`{name}`" for name in sorted(NON_IBM_NAMES))
    return (
        "## Never IBM Quantum\n\n"
        "Anything obtained from these packages (and their lookups, `<provider>.get_backend(...)`, "
        "`.backends()`) is known not to be an IBM Quantum backend, provider or service, in every "
        f"module, provider-era ones included: {roots}. So are these classes, from wherever they are "
        f"imported, and any `FakeXxx` class: {names}."
    )


def render_index(rules: Sequence[Rule] = tuple(RULES.values())) -> str:
    """``docs/rules/README.md``: one row per code."""
    rows = [
        "# Rules",
        "",
        "Generated from `flake8_qiskit_migrate/catalog.py` by "
        f"`{REGENERATE_COMMAND}`; `qiskit-migrate explain QM00N` prints the same pages.",
        "",
        "| code | name | message | fix |",
        "|---|---|---|---|",
    ]
    for rule in rules:
        message = rule.message.replace("|", "\\|")
        rows.append(f"| [{rule.code}]({rule.code}.md) | {rule.slug} | {message} | {FIX_LABELS[rule.fix]} |")
    rows += ["", render_vendors()]
    return "\n".join(rows) + "\n"


def expected_pages() -> dict[str, str]:
    """File name -> content for every generated page."""
    pages = {f"{code}.md": render_rule_doc(rule) for code, rule in RULES.items()}
    pages["README.md"] = render_index()
    return pages


def stale_pages(directory: Path) -> list[str]:
    """Names of pages that are missing or differ from the catalog."""
    stale = []
    for name, content in expected_pages().items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            stale.append(name)
    return stale


def write_pages(directory: Path) -> list[str]:
    """Write every page that changed; returns their names."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = stale_pages(directory)
    pages = expected_pages()
    for name in changed:
        (directory / name).write_text(pages[name], encoding="utf-8", newline="\n")
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flake8_qiskit_migrate.docs", description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", metavar="DIR", type=Path, help="(re)generate the pages in DIR")
    group.add_argument("--check", metavar="DIR", type=Path, help="exit 1 if a page in DIR is stale")
    args = parser.parse_args(argv)
    if args.write is not None:
        for name in write_pages(args.write):
            print(f"wrote {args.write / name}")
        return 0
    stale = stale_pages(args.check)
    for name in stale:
        print(f"{args.check / name} is stale; run: {REGENERATE_COMMAND}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
