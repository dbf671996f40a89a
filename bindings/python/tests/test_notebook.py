"""The analyst's notebook (examples/notebooks/) runs headless from start to
finish, so it cannot rot."""
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(os.environ.get("UNALLOC_SOURCE_ROOT", Path(__file__).resolve().parents[3]))
NOTEBOOK = ROOT / "examples" / "notebooks" / "unallocated-cases.ipynb"


def test_notebook_runs(monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel draws inline
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "cases" in text and "overdue under nelc-2022" in text
    assert "UNALLOCATED WORK - WEEKLY RETURN" in text
    # the chart was drawn
    assert any("image/png" in o.get("data", {}) for o in outputs)
