"""Run one program (``.py`` or ``.ipynb``) against a stand-in of IBM Quantum; write what it did.

    python tests/standins/runner.py --mode legacy|today OUT.json PROGRAM

``legacy``: the retired provider stack (``standins.legacy``); ``today``: today's runtime with a
stand-in ``QiskitRuntimeService`` (``standins.today``, local testing mode). Both run on the same
seeded simulator. OUT.json gets ``error`` (the traceback, or null), ``error_line`` (its last
line), ``counts`` (every counts dict the program obtained, in order: ``Result.get_counts`` of
the legacy API, ``BitArray.get_counts`` of the V2 primitives) and the tail of ``stdout``.
Notebooks run their code cells in order as one script; IPython magics and shell escapes are
dropped, except that the code of a line magic (``%time x = f()``) and the body of ``%%time`` /
``%%capture`` cells run. Without matplotlib, the display-only plot functions do nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import runpy
import sys
import traceback
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RUN_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%qiskit_job_status")
LINE_MAGIC_WITH_CODE = re.compile(r"^(\s*)%(time|timeit|capture)\s+(.*)$")


def notebook_code(text: str) -> str:
    """The code cells of a notebook as one script, magics removed as described above."""
    notebook = json.loads(text)
    if notebook.get("nbformat", 4) < 4:
        cells = [c for ws in notebook.get("worksheets", []) for c in ws.get("cells", [])]
    else:
        cells = notebook.get("cells", [])
    chunks = []
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", cell.get("input", ""))
        source = "".join(source) if isinstance(source, list) else source
        lines = source.splitlines()
        if lines and lines[0].lstrip().startswith("%%"):
            if not lines[0].lstrip().startswith(RUN_CELL_MAGICS):
                continue
            lines = lines[1:]
        kept = []
        for line in lines:
            stripped = line.lstrip()
            magic = LINE_MAGIC_WITH_CODE.match(line)
            if magic:
                kept.append(magic.group(1) + magic.group(3))
            elif stripped.startswith(("%", "!")):
                kept.append(line[: len(line) - len(stripped)] + "pass")
            elif "= !" in line or "=!" in line.replace(" ", "")[:0]:
                kept.append(line)
            else:
                kept.append(line)
        chunks.append(f"# cell {index}\n" + "\n".join(kept))
    return "\n\n".join(chunks) + "\n"


def _without_matplotlib() -> None:
    """Display-only calls do nothing when matplotlib is missing (they would only draw)."""
    try:
        import matplotlib  # noqa: F401

        os.environ.setdefault("MPLBACKEND", "Agg")
        return
    except ImportError:
        pass
    import qiskit.visualization as visualization
    from qiskit import QuantumCircuit

    for name in dir(visualization):
        if name.startswith("plot_"):
            setattr(visualization, name, lambda *args, **kwargs: None)
    text_draw = QuantumCircuit.draw

    def draw(self, output=None, *args, **kwargs):
        return text_draw(self, output="text" if output in ("mpl", "latex", "latex_source") else output, *args, **kwargs)

    QuantumCircuit.draw = draw


def _interactive_stand_ins() -> None:
    """A token prompt gets a dummy token; ``display`` (a notebook built-in) prints."""
    import builtins
    import getpass

    builtins.input = lambda prompt="": "stand-in-token"
    getpass.getpass = lambda prompt="", stream=None: "stand-in-token"
    try:
        from IPython.display import display
    except ImportError:
        def display(*objects, **kwargs):
            print(*objects)
    builtins.display = display


def _record_counts(sink: list) -> None:
    from qiskit.primitives.containers.bit_array import BitArray
    from qiskit.result import Result

    def recording(original):
        def wrapper(self, *args, **kwargs):
            counts = original(self, *args, **kwargs)
            if sys._getframe(1).f_globals.get("__name__") != "__main__":
                return counts  # a primitive's or a plot's own use, not the program's
            for one in counts if isinstance(counts, list) else [counts]:
                sink.append({str(k): int(v) for k, v in dict(one).items()})
            return counts

        return wrapper

    Result.get_counts = recording(Result.get_counts)
    BitArray.get_counts = recording(BitArray.get_counts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=("legacy", "today"), required=True)
    parser.add_argument("out", type=Path)
    parser.add_argument("program", type=Path)
    args = parser.parse_args(argv)

    from standins import legacy, today

    (legacy if args.mode == "legacy" else today).install()
    _without_matplotlib()
    _interactive_stand_ins()
    counts: list = []
    _record_counts(counts)
    import standins

    standins.record_counts = counts.append

    program = args.program.resolve()
    if program.suffix == ".ipynb":
        script = program.with_name(program.stem + ".nb.py")
        script.write_text(notebook_code(program.read_text(encoding="utf-8")), encoding="utf-8")
        program = script
    stdout = io.StringIO()
    error = None
    with warnings.catch_warnings(), contextlib.redirect_stdout(stdout):
        warnings.simplefilter("ignore")
        sys.argv = [str(program)]
        try:
            runpy.run_path(str(program), run_name="__main__")
        except SystemExit as exc:
            if exc.code not in (None, 0):
                error = f"SystemExit({exc.code!r})"
        except BaseException:  # noqa: B036 - whatever the program raised is the outcome
            error = traceback.format_exc()
    error_line = None
    if error:
        error_line = error.strip().splitlines()[-1]
        where = [line.strip() for line in error.splitlines() if line.strip().startswith(f'File "{program}"')]
        if where:
            error_line += f"  (at {where[-1].split(', ', 1)[-1]})"
    args.out.write_text(json.dumps({"error": error, "error_line": error_line, "counts": counts,
                                    "stdout": stdout.getvalue()[-4000:]}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
