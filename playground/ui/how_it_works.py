"""The "how it works" overlay: the booth poster's explanation in plain words, for any visitor.

The text lives in ``how_it_works.md`` beside this file (easy to edit or translate); the overlay is
Panel's ``Modal``, a real dialog: it takes the keyboard focus, closes with Escape, its close button
or a tap outside, and needs no hover.
"""
from __future__ import annotations

from pathlib import Path

import panel as pn

TEXT_FILE = Path(__file__).with_name("how_it_works.md")


class HowItWorks:
    def __init__(self, width: int = 620, button_height: int | None = None):
        text = TEXT_FILE.read_text(encoding="utf-8")
        self.text = pn.pane.Markdown(text, width=width, css_classes=["pg-how-text"])
        self.modal = pn.Modal(self.text, open=False, show_close_button=True, background_close=True)
        self.button = pn.widgets.Button(label="How it works", color="light", margin=(8, 4), css_classes=["pg-how"],
                                        height=button_height,
                                        description="A short explanation of what the network does and how it learns.")
        self.button.on_click(lambda event: self.show())

    def show(self) -> None:
        self.modal.open = True

    def hide(self) -> None:
        self.modal.open = False
