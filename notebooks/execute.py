"""Runs a notebook headless with nbclient, the way a reader would run it top to bottom, and checks what it produced.

    python execute.py NOTEBOOK OUTPUT.ipynb

Writes the executed notebook to OUTPUT.ipynb (also when a cell fails, so the outputs up to the failure can be read)
and every PNG a cell drew to OUTPUT-<cell id>[-n].png beside it.
Exit 0: every code cell ran without an error, and every cell tagged `plot` drew at least one PNG.
Exit 1: a cell raised (its source and error are printed) or a check failed. Exit 2: wrong arguments.
The kernel inherits this process's environment, which is where the notebook reads its settings from.
"""

import base64
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

CELL_TIMEOUT_S = int(os.environ.get("NOTEBOOK_CELL_TIMEOUT_S", "600"))
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def plot_files(notebook, output):
    """Writes each image/png output to a file beside OUTPUT; returns {cell id: [paths]}."""
    written = {}
    stem = output.with_suffix("")
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        pngs = [o["data"]["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        for n, png in enumerate(pngs):
            path = Path(f"{stem}-{cell.id}{'' if n == 0 else f'-{n}'}.png")
            path.write_bytes(base64.b64decode(png))
            written.setdefault(cell.id, []).append(path)
    return written


def check(notebook, plots):
    """What a successful run must show; returns the problems found."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        label = f"cell {index} ({cell.id})"
        if cell.get("execution_count") is None:
            found.append(f"{label} did not run")
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"{label} has an error output: {out.get('ename')}: {out.get('evalue')}")
        if "plot" in cell.metadata.get("tags", []) and cell.id not in plots:
            found.append(f"{label} is tagged plot but drew no image/png")
    return found


def main(args):
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, output = Path(args[0]), Path(args[1])
    notebook = nbformat.read(source, as_version=4)
    output.parent.mkdir(parents=True, exist_ok=True)
    code_cells = sum(1 for c in notebook.cells if c.cell_type == "code")
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        # cells run with the notebook's own folder as working directory, as in JupyterLab
        resources={"metadata": {"path": str(source.parent.resolve())}},
    )
    started = time.monotonic()
    print(f"executing {source} ({code_cells} code cells, {CELL_TIMEOUT_S} s per cell at most)", flush=True)
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as error:
        nbformat.write(notebook, output)
        print(f"error: the notebook failed after {time.monotonic() - started:.1f} s; partial output in {output}",
              file=sys.stderr)
        print(ANSI.sub("", str(error)), file=sys.stderr)
        return 1
    elapsed = time.monotonic() - started
    nbformat.write(notebook, output)
    plots = plot_files(notebook, output)
    problems = check(notebook, plots)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    print(f"executed {code_cells} code cells in {elapsed:.1f} s; wrote {output}")
    for cell_id, paths in plots.items():
        for path in paths:
            print(f"plot {cell_id}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
