"""examples/getting_started.ipynb runs top to bottom in a Jupyter kernel of this same Python (nbclient;
jupyter_client starts the "python3" kernel with sys.executable): headless training with its summary,
predictions, a saved and restored run, and the full app inline as a Panel/Bokeh display."""
import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PANEL_MIME = "application/vnd.holoviews_exec.v0+json"


def _text(output) -> str:
    if output.output_type == "stream":
        return output.text
    return output.get("data", {}).get("text/plain", "")


def test_getting_started_runs_and_shows_the_app_inline():
    nb = nbformat.read(EXAMPLES / "getting_started.ipynb", as_version=4)
    NotebookClient(nb, timeout=240, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES)}}).execute()
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    outputs = [o for cell in code for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr" and "Traceback" in o.text]

    fit_cell = "".join(_text(o) for o in code[0].outputs)
    accuracy = re.search(r"test accuracy (\d+\.\d)%", fit_cell)
    assert accuracy and float(accuracy.group(1)) >= 90 and "epochs/s" in fit_cell
    assert "300/300" in fit_cell and "train loss" in fit_cell  # the progress bar, with live loss
    assert "same predictions: True" in "".join(_text(o) for o in code[2].outputs)

    app_cell = next(cell for cell in code if "playground.App(" in cell.source)
    shown = [o for o in app_cell.outputs if o.output_type == "execute_result"]
    assert len(shown) == 1 and PANEL_MIME in shown[0].data and "text/html" in shown[0].data
    assert any("application/vnd.holoviews_load.v0+json" in o.get("data", {}) for o in app_cell.outputs)
    assert float(_text(code[-1].outputs[-1])) >= 0.9  # the app's experiment trained from code
