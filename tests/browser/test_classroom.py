"""Teacher tools and accessibility, in a real browser: a preset every student's page starts from,
links that lock or hide controls, the booth page by link, keyboard-only use, text size and the
colour-blind palette.

One server for the module, started with a preset file (the way a teacher prepares a classroom).
"""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import REPO, shot, start_server
from .visitor import CLIPPED, epoch, notice, open_app, query_of, wait_until

pytestmark = pytest.mark.timeout(240)

DEEP_FOCUS = """() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el) return null;
  const label = el.closest('label') || el.parentNode;
  return {tag: el.tagName, text: (el.textContent || '').trim(), type: el.type || '',
          label: label ? (label.textContent || '').trim() : ''};
}"""
PALETTE = "() => Bokeh.documents[0].get_model_by_name('boundary-palette').palette[0]"


@pytest.fixture(scope="module")
def preset_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("class") / "class.toml"
    path.write_text('dataset = "circle"\nhidden_layers = [3]\nlearning_rate = 0.1\nnoise = 0.1\n')
    return path


@pytest.fixture(scope="module")
def server(preset_file):
    with start_server("--preset", str(preset_file)) as srv:
        yield srv


def test_every_student_page_starts_from_the_preset(page, server, browser):
    open_app(page, server)
    q = query_of(page)
    assert (q["dataset"], q["hidden_layers"], q["learning_rate"], q["noise"]) == ("circle", "3", "0.1", "0.1")
    other = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        open_app(other, server)
        assert query_of(other) == q
        assert other.locator("[data-testid=train-loss]").inner_text() == \
            page.locator("[data-testid=train-loss]").inner_text()
    finally:
        other.close()
    # a student's own link still wins over the preset
    open_app(page, server, "?dataset=xor")
    assert query_of(page)["dataset"] == "xor" and query_of(page)["hidden_layers"] == "3"


def test_a_bad_preset_stops_the_server_with_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("learning_rate = 50\n")
    run = subprocess.run([sys.executable, "-m", "playground", "serve", "--preset", str(bad), "--port", "0"],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "learning_rate" in lines[0] and "between" in lines[0], run.stderr
    assert "Traceback" not in run.stderr


def test_a_teacher_link_locks_and_hides_controls(page, server):
    open_app(page, server, "?lock=learning_rate,dataset,hidden_layers&hide=upload,optimizer")
    assert page.locator(".pg-lr-input input").is_disabled()
    assert page.locator("select").filter(has=page.locator("option", has_text="Quark vs gluon jets")).is_disabled()
    assert page.locator(".pg-add-layer button").is_disabled()
    assert page.locator(".pg-add-neuron-0 button").is_disabled()
    assert page.locator("input[type=file]").count() == 0 or not page.locator("input[type=file]").is_visible()
    assert not any(label.is_visible() for label in page.get_by_text("Optimizer", exact=True).all())
    q = query_of(page)
    assert q["lock"] == "learning_rate,dataset,hidden_layers" and q["hide"] == "upload,optimizer"
    # the rest still works
    page.get_by_role("button", name="Play").click()
    wait_until(page, lambda: epoch(page) >= 10, what="training")
    page.get_by_role("button", name="Pause").click()
    shot(page, "class-01-locked")


def test_a_link_made_in_the_share_dialog_opens_the_lesson_and_its_locks_hold(page, server, browser):
    """A teacher makes the class link by choosing (lesson, step, a lock) instead of editing a URL;
    a student's fresh browser opens that step, and picking another lesson keeps the locked data."""
    open_app(page, server, "?dataset=xor")
    page.get_by_role("button", name="Share").click()
    page.locator(".pg-share-lesson select").select_option(label="2. Bend the line")
    page.locator(".pg-share-step input").fill("2")
    page.locator(".pg-share-step input").press("Enter")
    lock = page.locator(".pg-share-lock input[type=search]")
    lock.click()
    lock.type("Data")
    page.keyboard.press("Enter")
    link = page.locator(".pg-share-link")
    wait_until(page, lambda: "lock=dataset" in link.input_value() and "step=2" in link.input_value(),
               what="the link to follow the choices")
    shot(page, "class-03-share-dialog")
    url = link.input_value()
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        student = context.new_page()
        student.goto(url)
        student.locator("[data-testid=lesson-text]").wait_for(timeout=60_000)
        assert student.locator("[data-testid=lesson-step]").inner_text() == "2"
        assert query_of(student)["dataset"] == "circle" and query_of(student)["lock"] == "dataset"
        student.get_by_role("button", name="All lessons").click()
        student.get_by_role("button", name="5. Quark or gluon?").click()
        wait_until(student, lambda: "Locked by the teacher" in notice(student), what="the lock's notice")
        assert query_of(student)["dataset"] == "circle"
        assert student.locator("select").filter(has=student.locator("option", has_text="Circle")).first.is_disabled()
    finally:
        context.close()


def test_unknown_lock_names_are_reported(page, server):
    open_app(page, server, "?lock=everything&text=huge")
    text = notice(page)
    assert "everything" in text and "huge" in text
    page.get_by_role("button", name="Play").wait_for()


def test_booth_page_by_link(page, server):
    open_app(page, server, "?mode=booth")
    page.locator("[data-testid=attract-caption]").wait_for(state="visible")
    assert query_of(page)["mode"] == "booth"
    assert float(query_of(page)["learning_rate"]) <= 3


def test_the_keyboard_alone_plays_pauses_and_ticks_a_box(page, server):
    open_app(page, server)
    for _ in range(40):
        page.keyboard.press("Tab")
        focus = page.evaluate(DEEP_FOCUS)
        if focus and focus["tag"] == "BUTTON" and focus["text"] == "Play":
            break
    else:
        raise AssertionError("Tab never reached the Play button")
    page.keyboard.press("Enter")
    wait_until(page, lambda: epoch(page) >= 10, what="training started from the keyboard")
    page.keyboard.press("Enter")  # focus stays on the same button, now "Pause"
    page.get_by_role("button", name="Play").wait_for()
    for _ in range(120):
        page.keyboard.press("Tab")
        focus = page.evaluate(DEEP_FOCUS)
        if focus and focus["type"] == "checkbox" and "Show test data" in focus["label"]:
            break
    else:
        raise AssertionError("Tab never reached the 'Show test data' box")
    page.keyboard.press("Space")
    wait_until(page, lambda: query_of(page).get("show_test_data") == "1", what="the box ticked by keyboard")
    # the side tabs are tabs to a screen reader, and Enter opens the focused one
    assert page.get_by_role("tablist").count() == 3 and page.get_by_role("tab").count() >= 8  # side, plane, charts
    page.get_by_role("tab", name="Training").focus()
    page.keyboard.press("Enter")
    wait_until(page, lambda: page.get_by_role("tab", name="Training").get_attribute("aria-selected") == "true",
               what="the Training tab opened by keyboard")
    assert page.get_by_text("Initial weights").first.is_visible()


def overlaps(boxes) -> list:
    """The pairs of (x, y, width, height) boxes that intersect."""
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]]


def test_text_size_and_colour_blind_switches(page, server):
    open_app(page, server)
    play = page.get_by_role("button", name="Play")
    size = lambda: float(play.evaluate("el => getComputedStyle(el).fontSize").rstrip("px"))  # noqa: E731
    epoch_size = lambda: float(page.locator("[data-testid=epoch]").evaluate(  # noqa: E731
        "el => getComputedStyle(el).fontSize").rstrip("px"))
    before, epoch_before = size(), epoch_size()
    page.get_by_text("Training", exact=True).first.click()
    page.get_by_role("button", name="A++").click()
    wait_until(page, lambda: size() >= 1.4 * before, what="larger widget text")
    assert epoch_size() >= 1.4 * epoch_before
    wait_until(page, lambda: query_of(page).get("text") == "larger", what="the text size in the link")
    # wider widgets and wrapping rows keep larger labels apart and on one line
    labels = [page.get_by_text(re.compile(pattern)).first for pattern in
              (r"^Speed", r"^Learning rate:", r"^Activation$")]
    wait_until(page, lambda: not overlaps([label.bounding_box() for label in labels]), what="labels apart")
    for text in ("Colour-blind palette", "Early stopping", "Show test data", "Discretize output"):
        box = page.get_by_text(text, exact=True).first.bounding_box()  # (the Share dialog lists them too)
        assert box["height"] < 2 * size(), f"'{text}' wraps at larger text: {box}"
    clipped = [b.inner_text() for b in page.locator("button").all() if b.is_visible() and b.evaluate(CLIPPED)]
    assert not clipped, f"button labels cut off at larger text: {clipped}"
    # the header keeps one line at 1366 px: its controls' tops agree, and nothing sticks out of the window
    tops = [page.get_by_role("button", name=n).bounding_box()["y"] for n in ("Play", "Reset")]
    tops += [page.locator(".pg-lr-input input").bounding_box()["y"] - 20]
    assert max(tops) - min(tops) < 40 and page.locator(".pg-lr-input input").bounding_box()["y"] < 100, tops
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1366
    readout = page.locator("[data-testid=test-accuracy]").bounding_box()
    assert readout["x"] + readout["width"] <= 1366 and readout["y"] < 200  # readouts whole, above the plane
    shot(page, "class-02-larger-text")
    palette = page.evaluate(PALETTE)
    box = page.get_by_role("checkbox", name="Colour-blind palette")  # the text names the box ...
    assert not box.is_checked()
    page.get_by_text("Colour-blind palette", exact=True).first.click()  # ... and a tap on the text ticks it
    wait_until(page, lambda: page.evaluate(PALETTE) != palette, what="the colour-blind palette")
    assert box.is_checked()
    assert query_of(page)["colorblind"] == "1"
    # a link keeps both for the next visit
    open_app(page, server, "?text=large&colorblind=1")
    assert size() >= 1.2 * before and page.evaluate(PALETTE) != palette
