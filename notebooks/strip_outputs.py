"""Keeps notebooks in git without outputs: results of one machine's data (and base64 plots) make noisy diffs and
can leak what a user's lake holds.

    python3 strip_outputs.py NOTEBOOK...          strip outputs, execution counts and run metadata in place
    python3 strip_outputs.py --check NOTEBOOK...  exit 1 and name each cell that still has them

Standard library only, so the check runs without the notebook's virtual environment.
"""

import json
import sys

# metadata that a run or a UI session writes, not the author
RUN_METADATA = ("execution", "collapsed", "scrolled")
NOTEBOOK_RUN_METADATA = ("widgets",)


def problems(notebook):
    found = []
    for index, cell in enumerate(notebook.get("cells", [])):
        label = f"cell {index} ({cell.get('id', 'no id')})"
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            found.append(f"{label} has {len(cell['outputs'])} output(s)")
        if cell.get("execution_count") is not None:
            found.append(f"{label} has execution_count {cell['execution_count']}")
        for key in RUN_METADATA:
            if key in cell.get("metadata", {}):
                found.append(f"{label} has metadata '{key}'")
    for key in NOTEBOOK_RUN_METADATA:
        if key in notebook.get("metadata", {}):
            found.append(f"notebook metadata '{key}'")
    return found


def strip(notebook):
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        for key in RUN_METADATA:
            cell.get("metadata", {}).pop(key, None)
    for key in NOTEBOOK_RUN_METADATA:
        notebook.get("metadata", {}).pop(key, None)
    return notebook


def main(args):
    check = args[:1] == ["--check"]
    paths = args[1:] if check else args
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        with open(path, encoding="utf-8") as file:
            notebook = json.load(file)
        found = problems(notebook)
        if check:
            for problem in found:
                print(f"{path}: {problem}", file=sys.stderr)
            failed = failed or bool(found)
        elif found:
            with open(path, "w", encoding="utf-8") as file:
                # the layout Jupyter itself writes (indent 1, keys as they were, non-ASCII kept), so a strip diffs
                # only where outputs were
                json.dump(strip(notebook), file, indent=1, ensure_ascii=False)
                file.write("\n")
            print(f"stripped {path}: {len(found)} item(s)")
    if check and failed:
        print("error: notebooks must be committed without outputs: run 'scripts/notebook.sh strip'", file=sys.stderr)
        return 1
    if check:
        print(f"{len(paths)} notebook(s) without outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
