"""The analyst's notebook (examples/notebooks/) runs headless from start to
finish, so it cannot rot. Its kernel is this interpreter (not whatever the
system's "python3" kernel spec names), so it imports the same unalloc as the
tests: the build tree's, or a venv's when scripts/test runs it from the
installed wheel."""
import json
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import unalloc

ROOT = Path(os.environ.get("UNALLOC_SOURCE_ROOT", Path(__file__).resolve().parents[3]))
NOTEBOOK = ROOT / "examples" / "notebooks" / "unallocated-cases.ipynb"


def test_notebook_runs(monkeypatch, tmp_path):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel draws inline
    spec = tmp_path / "kernels" / "unalloc-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "unalloc test", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("print('UNALLOC FROM', unalloc.__file__)"))
    client = NotebookClient(nb, timeout=300, kernel_name="unalloc-test",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "cases" in text and "overdue under nelc-2022" in text
    assert "UNALLOCATED WORK - WEEKLY RETURN" in text
    assert f"UNALLOC FROM {unalloc.__file__}" in text
    # the chart was drawn
    assert any("image/png" in o.get("data", {}) for o in outputs)

