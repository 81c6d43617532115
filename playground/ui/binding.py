"""Two-way links between a widget and one Experiment setting, with the setting's doc as the tooltip.

Most controls are made from their parameter (:func:`control`); :func:`link` remains for the few that
show a setting on another scale (percent, a log slider, a typed text, a menu of round numbers).

The Experiment stays the single source of truth (widget -> Experiment parameter -> engine): a widget
writes the parameter, and the widget follows the parameter when something else changes it (a link,
a reset, the dataset choosing its own defaults). A value the Experiment refuses is reported through
``on_error`` and the widget snaps back, so a bad input never leaves the two out of step.
"""
from __future__ import annotations

from typing import Callable

from ..panel_internals import answer_at_once
from ..settings import SettingError, check_value, label


def tooltip(experiment, name: str) -> str:
    """The one-sentence explanation of a setting (its parameter doc)."""
    return " ".join(experiment.param[name].doc.split())


def control(experiment, name: str, widget_class, *, throttled: bool = False, **params):
    """A widget made from the setting's parameter on ``experiment`` (Panel's ``from_param``), bound
    both ways. Its range, options, label and tooltip come from the parameter and follow it: a booth
    page narrows the instance's range and the widget cannot even show a value outside it.
    ``throttled`` sliders change the setting when released; ``params`` style the widget (or override
    the label with ``label``)."""
    widget = widget_class.from_param(experiment.param[name], throttled=throttled, **params)
    answer_at_once(widget)
    return widget


def link(widget, experiment, name: str, *, prop: str = "value", to_param: Callable = lambda v: v,
         to_widget: Callable = lambda v: v, on_error: Callable | None = None):
    """Keep ``widget.<prop>`` and ``experiment.<name>`` in step; returns the widget.

    A refused value is reported as ``on_error(text, "error", name)`` in the control's words ("Learning
    rate: must be between 0.00001 and 10."), and an accepted one as ``on_error("", cause=name)``,
    which takes back that control's earlier refusal (see :class:`playground.ui.notices.Notices`)."""
    state = {"busy": False}

    def from_widget(event):
        if state["busy"] or event.new is None:
            return
        try:
            value = to_param(event.new)
            check_value(experiment, name, value)
            if value != getattr(experiment, name):
                setattr(experiment, name, value)
        except (ValueError, TypeError) as exc:
            if on_error is not None:
                reason = exc.reason if isinstance(exc, SettingError) else str(exc)
                on_error(f"{label(name)}: {reason}.", "error", name)
            from_experiment(None)
            return
        if on_error is not None:
            on_error("", cause=name)

    def from_experiment(event):
        state["busy"] = True
        try:
            value = to_widget(getattr(experiment, name))
            if getattr(widget, "value", None) != value:
                widget.value = value
        finally:
            state["busy"] = False

    answer_at_once(widget)  # sliders only report value_throttled here
    widget.param.watch(from_widget, prop)
    experiment.param.watch(from_experiment, name)
    from_experiment(None)
    return widget


def with_tip(widget, text: str):
    """``widget`` with a one-sentence tooltip: its own ``description`` where the widget has one,
    otherwise a small (i) icon beside it (sliders and checkboxes have no tooltip of their own)."""
    import panel as pn

    if "description" in widget.param:
        widget.description = text
        return widget
    icon = pn.widgets.TooltipIcon(value=text, margin=(widget.margin[0] if isinstance(widget.margin, tuple) else 5, 0),
                                  width=18)
    return pn.Row(widget, icon, margin=0)
