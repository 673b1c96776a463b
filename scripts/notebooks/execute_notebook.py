"""Executes a notebook with Jupyter's notebook client, as `jupyter nbconvert --execute` does
(nbconvert's ExecutePreprocessor is this client), but keeps what ran when a cell fails: the
partial notebook is still written, and the failing cell's outputs are reported. tslab reports a
failure as stderr text with an empty error value, which nbconvert's own message leaves out.

    python3 execute_notebook.py SOURCE.ipynb OUTPUT.ipynb KERNEL_NAME CELL_TIMEOUT_SECONDS

Prints one JSON line: {"ok": true} or {"ok": false, "cell": i, "source": ..., "error": ...}.
"""
import json
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def output_text(output):
    """The text a person would read in one output."""
    if output.get("output_type") == "stream":
        return "".join(output.get("text", ""))
    if output.get("output_type") == "error":
        lines = output.get("traceback") or ["%s: %s" % (output.get("ename"), output.get("evalue"))]
        return "\n".join(lines)
    data = output.get("data", {})
    return "".join(data.get("text/plain", ""))


def describe(error):
    """The exception's kind, and its first line unless that only repeats the cell's source."""
    if isinstance(error, CellExecutionError):
        return "the cell raised an error"
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return "%s: %s" % (type(error).__name__, first) if first else type(error).__name__


def main(source, target, kernel_name, timeout):
    nb = nbformat.read(source, as_version=4)
    current = {"index": None}

    def on_cell_start(cell, cell_index):
        current["index"] = cell_index

    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        timeout=timeout,
        on_cell_start=on_cell_start,
        # The kernel starts in the notebook's own folder, so relative paths work as they do for a reader.
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}},
    )
    result = {"ok": True}
    try:
        client.execute()
    except Exception as error:  # cell errors, cell time-outs and a dying kernel all end the run
        index = current["index"]
        cell = nb.cells[index] if index is not None else None
        outputs = "\n".join(output_text(o) for o in cell.get("outputs", [])) if cell else ""
        result = {
            "ok": False,
            "cell": index,
            "source": "".join(cell.source) if cell else None,
            "error": describe(error),
            "outputs": outputs.strip(),
        }
    finally:
        nbformat.write(nb, target)
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: execute_notebook.py SOURCE.ipynb OUTPUT.ipynb KERNEL_NAME CELL_TIMEOUT_SECONDS")
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(float(sys.argv[4])))
