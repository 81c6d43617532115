"""Every control a lesson names exists on the page under that very label, and one that lives in a side
tab is named with its tab: a lesson that says "set “Points”" when the page says "Fragments", or that
sends a student to a control in a tab they cannot see, leaves them stuck."""
import re

import panel as pn
import pytest

from playground.lessons import builtin_lessons
from playground.ui.app import PlaygroundApp

#: A control's label in a lesson is written in double curly quotes; other quoted words use single ones.
NAMED = re.compile(r"“([^”]+)”")


def labels(root, skip=()) -> set[str]:
    """Every label a person can read on a control inside ``root`` (but not in ``skip``)."""
    out, skip = set(), {id(w) for w in skip}
    for widget in root.select(pn.widgets.Widget):
        if id(widget) in skip:
            continue
        for attr in ("label", "name"):
            text = getattr(widget, attr, None)
            if isinstance(text, str) and text.strip():
                out.add(text.strip().rstrip(":").strip())
    return out


@pytest.fixture(scope="module")
def page():
    app = PlaygroundApp()
    tabs = {name: labels(obj) for name, obj in zip(app.left_tabs._names, app.left_tabs.objects)}
    header = labels(app.layout, skip=app.left_tabs.select(pn.widgets.Widget))  # header, diagram, plane
    return labels(app.layout), header, tabs


def passages():
    for lesson in builtin_lessons():
        for number, step in enumerate(lesson.steps, 1):
            for part in ("text", "hint", "success"):
                text = getattr(step, part) or ""
                for paragraph in re.split(r"\n\s*\n", text):
                    if NAMED.search(paragraph):
                        yield f"{lesson.id} step {number} {part}", " ".join(paragraph.split())


@pytest.mark.parametrize("where, passage", list(passages()))
def test_a_named_control_is_on_the_page_and_its_tab_is_said(page, where, passage):
    everywhere, header, tabs = page
    for name in NAMED.findall(passage):
        assert name in everywhere, f"{where}: no control is labelled “{name}”"
        homes = [tab for tab, inside in tabs.items() if name in inside and tab != "Lessons" and name not in header]
        for tab in homes:
            assert f"{tab} tab" in passage, f"{where}: “{name}” is in the {tab} tab; say so"


def test_the_lessons_name_controls_at_all():
    assert len(list(passages())) >= 10
