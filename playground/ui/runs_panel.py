"""The "Runs" tab: every finished run as a sortable table row, pinned runs drawn over the live loss
curve, a row reopened with one tap, the table saved as CSV. A search (the Search tab,
:mod:`playground.ui.search_panel`) fills the same table.

The rows come from :attr:`playground.experiment.Experiment.runs` (:mod:`playground.run_log`),
which only changes when a run ends; the panel rebuilds its table then (a new run number in the
frame), never per frame. Panel's Tabulator gives the sorting, the tick boxes and the row buttons.
"""
from __future__ import annotations

import io
from typing import Callable

import pandas as pd
import panel as pn

#: Table columns shown in the tab, the first ones frozen while the rest scroll sideways (the CSV has
#: them all): key -> heading.
SHOWN = {"pin": "Pin", "run": "Run", "open": "Open", "layers": "Layers", "learning_rate": "Rate", "epochs": "Epochs",
         "test_loss": "Test loss", "auc": "AUC", "test_accuracy": "Acc.", "best_test_loss": "Best test",
         "optimizer": "Optimizer", "batch_size": "Batch", "activation": "Activations"}
#: A pin cell: an empty box, or a ticked one (Tabulator's tickCross formatter with our marks).
PIN_FORMAT = {"type": "tickCross", "tickElement": "<span class='pg-pin pg-pin-on' aria-label='pinned'>☑</span>",
              "crossElement": "<span class='pg-pin' aria-label='not pinned'>☐</span>"}
NUMBER_FORMAT = {"learning_rate": "{:.3g}", "test_loss": "{:.4f}", "best_test_loss": "{:.4f}",
                 "test_accuracy": "{:.3f}", "auc": "{:.3f}"}


#: The "Open" cell: a tap goes back to that run.
OPEN_MARK = "<span class='pg-run-open' title='Go back to this run: its settings and final weights'>↺</span>"

#: The table's text follows the page's text size (``--pg-text``, see style.py); pins read as boxes.
TABLE_CSS = """
.tabulator { font-size: calc(11px * var(--pg-text, 1)); }
.tabulator .tabulator-header .tabulator-col .tabulator-col-content { padding: 3px 4px; }
.tabulator .tabulator-header .tabulator-col-title { font-weight: 600; padding-right: 0 !important; }
.tabulator .tabulator-row .tabulator-cell { padding: 3px 4px; }
/* the sort arrow only on the column the table is sorted by: the others keep their width for text */
.tabulator .tabulator-header .tabulator-col .tabulator-col-content .tabulator-col-sorter { display: none !important; }
.tabulator .tabulator-header .tabulator-col[aria-sort="ascending"] .tabulator-col-content .tabulator-col-sorter,
.tabulator .tabulator-header .tabulator-col[aria-sort="descending"] .tabulator-col-content .tabulator-col-sorter {
  display: flex !important; }
.pg-pin { font-size: 1.35em; cursor: pointer; color: #555; }
.pg-pin-on { color: #3182bd; }
.pg-run-open { font-size: 1.2em; cursor: pointer; }
"""


class RunsPanel:
    """``on_pins(curves)`` gets {run number: History} of the pinned runs whenever pins change;
    ``notify(text, kind)`` reports a run that cannot be reopened."""

    def __init__(self, experiment, on_pins: Callable[[dict], None], notify: Callable, width: int = 400):
        self.experiment = experiment
        self.on_pins = on_pins
        self.notify = notify
        self._shown_runs: tuple = ()
        self.table = pn.widgets.Tabulator(
            self._frame(), show_index=False, width=width - 22, max_height=128, layout="fit_data_table", disabled=True,
            frozen_columns=["pin", "run", "open"],
            selectable=False, sortable=True, css_classes=["pg-runs-table"], titles=dict(SHOWN),
            formatters={"pin": PIN_FORMAT, "open": {"type": "html"}}, text_align={"pin": "center", "open": "center"},
            header_align="left", margin=(2, 0), stylesheets=[TABLE_CSS])
        # A tap toggles a pin or reopens a run: no editor to open and close, which a touch screen needs.
        self.table.on_click(self._pin_clicked, column="pin")
        self.table.on_click(self._clicked, column="open")
        self.empty = pn.pane.HTML("<div class='pg-note' data-testid='runs-empty'>Each run appears here when it "
                                  "ends: press Reset, or change the network or the data. Pin runs to draw their "
                                  "loss curves over the current one, or let the Search tab try many networks.</div>", margin=(4, 5), width=width)
        self.download = pn.widgets.FileDownload(callback=self._csv, filename="runs.csv", label="Save table as CSV",
                                                button_type="default", button_style="outline", height=28,
                                                width=150, margin=(2, 5), embed=False,
                                                description="Every run of this page as a table for a spreadsheet.")
        table_tip = pn.widgets.TooltipIcon(value="Tap ☐ to draw a run's test loss over the current curve, ↺ to go "
                                                 "back to that run; tap a heading to sort.", margin=(6, 0, 0, 2))
        self.table_row = pn.Row(self.table, table_tip, margin=0)
        self.layout = pn.Column(self.empty, self.table_row, self.download, margin=0, name="Runs")
        self._show_empty()

    # --- building the table ----------------------------------------------------------------------
    def _frame(self) -> pd.DataFrame:
        log = self.experiment.runs
        rows = []
        for row in log.rows():
            shown = {k: row.get(k) for k in SHOWN if k not in ("pin", "open")}
            shown["open"] = OPEN_MARK
            for key, fmt in NUMBER_FORMAT.items():
                v = shown.get(key)
                shown[key] = "" if v is None else fmt.format(v)
            rows.append({"pin": row["run"] in log.pinned, **shown})
        rows.reverse()  # newest first
        return pd.DataFrame(rows, columns=list(SHOWN))

    def _show_empty(self) -> None:
        empty = not len(self.experiment.runs)
        self.empty.visible = empty
        self.table_row.visible = self.download.visible = not empty

    def refresh(self) -> None:
        """Show the log as it is now (called when a run ends)."""
        runs = tuple(r.number for r in self.experiment.runs)
        if runs == self._shown_runs:
            return
        self._shown_runs = runs
        self.table.value = self._frame()
        self._show_empty()
        self._send_pins()

    def update(self, snap) -> None:
        """A frame: the table changes only when a new run has started (so the last one ended)."""
        if snap.run != getattr(self, "_run", None):
            self._run = snap.run
            self.refresh()

    # --- person's actions ------------------------------------------------------------------------
    def _number(self, row: int) -> int:
        return int(self.table.value.iloc[row]["run"])

    def _pin_clicked(self, event) -> None:
        number = self._number(event.row)
        log = self.experiment.runs
        try:
            log.pin(number, number not in log.pinned)
        except KeyError as exc:
            self.notify(str(exc.args[0]), "warning")
            return
        self.table.patch({"pin": [(event.row, number in log.pinned)]}, as_index=False)
        self._send_pins()

    def _clicked(self, event) -> None:
        number = self._number(event.row)
        try:
            notices = self.experiment.reopen(number)
        except (KeyError, ValueError) as exc:
            self.notify(str(exc.args[0]), "warning")
            return
        self.notify(" ".join([f"Back to run {number}: its settings and its final weights.", *notices]), "success")

    def _send_pins(self) -> None:
        log = self.experiment.runs
        self.on_pins({r.number: r.curve for r in log if r.number in log.pinned})

    def _csv(self):
        return io.StringIO(self.experiment.runs.to_csv())
