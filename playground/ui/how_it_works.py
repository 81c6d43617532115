"""The "how it works" overlay: the booth poster's explanation in plain words, for any visitor.

The text lives in ``how_it_works.md`` beside this file (easy to edit or translate); the overlay is
Panel's ``Modal``, a real dialog: it takes the keyboard focus, closes with Escape, its close button
or a tap outside, and needs no hover.
"""
from __future__ import annotations

from typing import Callable

import panel as pn

from .texts import DEFAULT, how_it_works_text


class HowItWorks:
    """``output`` tells the network's output activation when the text is shown, so the text's
    "above 0.5 it says quark" follows the head (0 for a tanh head)."""

    def __init__(self, width: int = 620, button_height: int | None = None,
                 output: Callable[[], str] = lambda: "sigmoid"):
        self.lang = DEFAULT
        self._output = output
        self.text = pn.pane.Markdown(how_it_works_text(self.lang, output()), width=width, css_classes=["pg-how-text"])
        self.modal = pn.Modal(self.text, open=False, show_close_button=True, background_close=True)
        self.button = pn.widgets.Button(label="How it works", color="light", margin=(8, 4), css_classes=["pg-how"],
                                        height=button_height,
                                        description="A short explanation of what the network does and how it learns.")
        self.button.on_click(lambda event: self.show())

    def set_language(self, code: str) -> None:
        self.lang = code
        self.refresh()

    def refresh(self) -> None:
        self.text.object = how_it_works_text(self.lang, self._output())

    def show(self) -> None:
        self.refresh()
        self.modal.open = True

    def hide(self) -> None:
        self.modal.open = False
