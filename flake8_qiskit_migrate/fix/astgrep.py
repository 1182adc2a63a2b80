"""Candidate rewrites from the bundled ast-grep rules (``rules/``).

"The detection engine decides WHERE, the ast-grep rules decide HOW": the fixer asks the
rules for their rewrites and applies one only where the checker flagged the same code.

The rules run in process through ``ast-grep-py`` (no process, temporary file or JSON per
file), and only the rules of the codes a file was flagged with. A match yields just its
range and its rewrite: the fix template filled from the match's metavariables and
transforms. The project's utility rules (``utilDirs``) become each rule's local ``utils``,
which is how ast-grep-py accepts them. Without ``ast-grep-py`` (or with a rule it cannot
load), the fixer falls back to its own rewrites of the same sites.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Tuple

#: ``$NAME`` / ``$$$NAME`` in a fix template (ast-grep's metavariable syntax).
_METAVARIABLE = re.compile(r"\$\$\$([A-Z_][A-Z0-9_]*)|\$([A-Z_][A-Z0-9_]*)")


class RuleRewrite(NamedTuple):
    rule_id: str
    start: int  # character offsets into the scanned text
    end: int
    replacement: str


class _Rule(NamedTuple):
    rule_id: str
    config: Dict[str, Any]
    template: str
    transforms: Tuple[str, ...]
    expand_start: Optional[dict]
    expand_end: Optional[dict]


def _config() -> Optional[Path]:
    from ..resources import bundled_config

    try:
        return bundled_config()
    except FileNotFoundError:
        return None


@lru_cache(maxsize=1)
def _fixing_rules() -> Tuple[_Rule, ...]:
    """Every rule with a fix, loaded once per process."""
    try:
        import yaml
    except ImportError:  # pragma: no cover - pyyaml comes with the fix extra
        return ()
    config = _config()
    if config is None:
        return ()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's: ten times faster

    def documents(path: Path) -> List[Any]:
        return list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=loader))

    settings = yaml.load(config.read_text(encoding="utf-8"), Loader=loader) or {}
    root = config.parent
    utils: Dict[str, Any] = {}
    for directory in settings.get("utilDirs", []):
        for path in sorted((root / directory).glob("*.yml")):
            for document in documents(path):
                if document and "id" in document:
                    utils.update(document.get("utils") or {})
                    utils[document["id"]] = document["rule"]
    rules: List[_Rule] = []
    for directory in settings.get("ruleDirs", []):
        for path in sorted((root / directory).glob("*.yml")):
            for document in documents(path):
                if not document or "fix" not in document:
                    continue
                fix = document["fix"]
                template = fix.get("template", "") if isinstance(fix, dict) else str(fix)
                local = {**utils, **(document.get("utils") or {})}
                # only the utilities the rule reaches: ast-grep-py compiles every one it is given
                rule_config: Dict[str, Any] = {"rule": document["rule"],
                                               "utils": _reached(document["rule"], local, document)}
                for key in ("constraints", "transform"):
                    if document.get(key):
                        rule_config[key] = document[key]
                rules.append(_Rule(document["id"], rule_config, template,
                                   tuple(document.get("transform") or ()),
                                   fix.get("expandStart") if isinstance(fix, dict) else None,
                                   fix.get("expandEnd") if isinstance(fix, dict) else None))
    return tuple(rules)


def _reached(rule: Any, utils: Dict[str, Any], document: Dict[str, Any]) -> Dict[str, Any]:
    """The utilities ``rule`` (and its constraints) refer to with ``matches:``, transitively."""
    found: Dict[str, Any] = {}
    pending = [rule, document.get("constraints") or {}]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "matches" and isinstance(value, str) and value in utils and value not in found:
                    found[value] = utils[value]
                    pending.append(utils[value])
                else:
                    pending.append(value)
        elif isinstance(node, list):
            pending.extend(node)
    return found


def fixing_rule_ids(codes: Iterable[str], skip: Iterable[str] = ()) -> Tuple[str, ...]:
    """The ids of the fixing rules of ``codes`` (prefixes), less those starting with ``skip``:
    each rule costs its compilation per file (about 10 ms), so one whose rewrites are never
    used is better not run."""
    codes, skip = tuple(codes), tuple(skip)
    return tuple(r.rule_id for r in _fixing_rules() if r.rule_id.startswith(codes) and not r.rule_id.startswith(skip))


def rule_rewrites(text: str, codes: Optional[Iterable[str]] = None) -> List[RuleRewrite]:
    """Every match with a fix of the rules of ``codes`` (all when None), as character offsets
    into ``text``; [] when ast-grep-py or the rules are unavailable."""
    try:
        from ast_grep_py import SgRoot
    except ImportError:
        return []
    wanted = tuple(codes) if codes is not None else None
    rules = [r for r in _fixing_rules() if wanted is None or r.rule_id.startswith(wanted)]
    if not rules:
        return []
    root = _parsed(text, SgRoot)
    rewrites: List[RuleRewrite] = []
    for rule in rules:
        try:
            matches = root.find_all(rule.config)
        except Exception:  # noqa: BLE001 - a rule ast-grep-py cannot load costs its rewrites only
            continue
        for match in matches:
            replacement = _filled(rule, match, text)
            if replacement is None:
                continue
            start, end = match.range().start.index, match.range().end.index
            if rule.expand_start or rule.expand_end:
                start, end = _expanded(match, rule, start, end)
            rewrites.append(RuleRewrite(rule.rule_id, start, end, replacement))
    return rewrites


_LAST_PARSED: List[Any] = []  # [(text, root)]: a plan asks once per code, on the same text


def _parsed(text: str, parser) -> Any:
    if not (_LAST_PARSED and _LAST_PARSED[0][0] is text):
        _LAST_PARSED[:] = [(text, parser(text, "python").root())]
    return _LAST_PARSED[0][1]


def _filled(rule: _Rule, match, text: str) -> Optional[str]:
    """The fix template with the match's metavariables (and transforms) written in."""
    def value(found: "re.Match[str]") -> str:
        multiple, single = found.group(1), found.group(2)
        if multiple:
            nodes = match.get_multiple_matches(multiple)
            if not nodes:
                return ""
            first, last = nodes[0].range().start.index, nodes[-1].range().end.index
            return text[first:last]
        if single in rule.transforms:
            transformed = match.get_transformed(single)
            if transformed is None:
                raise LookupError(single)
            return transformed
        node = match.get_match(single)
        if node is None:
            raise LookupError(single)
        return node.text()

    try:
        return _METAVARIABLE.sub(value, rule.template)
    except LookupError:
        return None


def _expanded(match, rule: _Rule, start: int, end: int) -> Tuple[int, int]:
    """``expandStart`` / ``expandEnd``: take in the neighbouring siblings the rule names
    (a separating comma, for a name removed from an import)."""
    if rule.expand_end:
        node = match.next()
        while node is not None and node.matches(**rule.expand_end):
            end = node.range().end.index
            node = node.next()
    if rule.expand_start:
        node = match.prev()
        while node is not None and node.matches(**rule.expand_start):
            start = node.range().start.index
            node = node.prev()
    return start, end
