"""flake8 glue: options in, findings out. No logic of its own lives here."""

from __future__ import annotations

import ast
from typing import Any, ClassVar, Iterator, Sequence

from . import __version__
from .detect.checker import DEFAULT_OPTIONS, Options, check_tree


class QiskitMigratePlugin:
    name = "flake8-qiskit-migrate"
    version = __version__
    options: ClassVar[Options] = DEFAULT_OPTIONS

    def __init__(self, tree: ast.Module, lines: Sequence[str]) -> None:
        self.tree = tree
        self.lines = lines

    @classmethod
    def add_options(cls, option_manager: Any) -> None:
        option_manager.add_option(
            "--qiskit-backend-names",
            default="",
            parse_from_config=True,
            comma_separated_list=True,
            help="Extra receiver names treated as IBM backends in provider-era modules "
            "(comma-separated), e.g. 'machine,hw'.",
        )
        # Read by `qiskit-migrate fix` from the same [flake8] section; registered so that flake8
        # accepts the key in its configuration and on its command line.
        option_manager.add_option(
            "--target-runtime",
            default=None,
            parse_from_config=True,
            help="The qiskit-ibm-runtime version fixed code must run on (qiskit-migrate fix), e.g. 0.40.",
        )

    @classmethod
    def parse_options(cls, options: Any) -> None:
        names = getattr(options, "qiskit_backend_names", None) or []
        if isinstance(names, str):
            names = names.split(",")
        cls.options = Options(backend_names=frozenset(n.strip() for n in names if n.strip()))

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        for finding in check_tree(self.tree, "".join(self.lines), self.options):
            yield finding.line, finding.col, finding.message, type(self)
