"""The booth (kiosk) screen as visitors at an outreach stand use it: by touch, with no manual.

One ``playground serve --kiosk`` server with a short idle reset (the real default is three minutes);
each test opens its own touch-enabled tab.
"""
from __future__ import annotations

import pytest

from .conftest import new_tab, shot, start_server
from .visitor import CLIPPED, epoch, notice, open_app, query_of, wait_until

pytestmark = pytest.mark.timeout(240)
RESET_AFTER = 6  # seconds


@pytest.fixture(scope="module")
def kiosk():
    with start_server("--kiosk", "--reset-after", str(RESET_AFTER)) as srv:
        yield srv


@pytest.fixture
def touch_page(browser):
    """A 1920x1080 touch screen, the usual booth display."""
    context, pg = new_tab(browser, 1920, 1080, has_touch=True)
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="module")
def story_kiosk():
    """A kiosk whose attract scenes last 5 s (to watch the whole story in a test) and with the real
    idle time (a test may take its time between touches)."""
    with start_server("--kiosk", "--scene-seconds", "5") as srv:
        yield srv


def scene(page) -> str:
    return page.locator("[data-testid=attract-caption]").get_attribute("data-scene") or ""


def caption_visible(page) -> bool:
    return page.locator("[data-testid=attract-caption]").is_visible()


def booth_layers(page) -> int:
    return int(page.locator("[data-testid=booth-layers]").inner_text())


def booth_neurons(page) -> int:
    """The widest layer (the page lists every layer's count: "5, 3 neurons")."""
    return max(int(n) for n in page.locator("[data-testid=booth-neurons]").inner_text().split(","))


def activations(page) -> set:
    """The activations of the network's layers, as the page's link says."""
    return set(query_of(page).get("activations", "").split(","))


def highlighted(page, css: str) -> str:
    """The label of the highlighted button of a booth button group."""
    return page.locator(f"{css} .bk-btn.bk-active").inner_text().strip()


#: Every visible button on the page (through the shadow roots) that sticks out of a width x height
#: screen, by its text: one call instead of three round trips per button.
BUTTONS_OUTSIDE = """([width, height]) => {
  const out = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.tagName === 'BUTTON') {
        const r = el.getBoundingClientRect(), style = getComputedStyle(el);
        const shown = r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && el.offsetParent !== null;
        if (shown && (r.right > width + 1 || r.bottom > height + 1)) out.push(el.innerText.trim());
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return out;
}"""


def assert_fits(page, width: int, height: int, what: str) -> None:
    """No scrolling, and every control and both pictures wholly on the screen."""
    body = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    assert body[0] <= width and body[1] <= height, f"{what}: the page scrolls ({body})"
    outside = page.evaluate(BUTTONS_OUTSIDE, [width, height])
    for css in (".pg-boundary", ".pg-network", "[data-testid=colour-key]"):
        box = page.locator(css).bounding_box()
        if box["x"] + box["width"] > width + 1 or box["y"] + box["height"] > height + 1:
            outside.append(css)
    assert not outside, f"{what}: off the screen: {outside}"


def long_touch(page, locator, ms: int = 200) -> None:
    """A finger on ``locator`` for ``ms`` milliseconds (Playwright's tap lifts at once)."""
    box = locator.bounding_box()
    point = [{"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}]
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": point})
    page.wait_for_timeout(ms)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_booth_opens_on_the_attract_loop_with_large_touch_controls(touch_page, kiosk):
    page = open_app(touch_page, kiosk)
    wait_until(page, lambda: caption_visible(page), what="the attract caption")
    wait_until(page, lambda: epoch(page) >= 20, what="the attract loop to train")
    assert query_of(page).get("dataset") == "quark_gluon"
    shot(page, "booth-01-attract")
    # Only the booth's reduced controls: no optimizer, upload or regularisation on this screen.
    assert page.get_by_text("Optimizer").count() == 0
    assert page.locator("input[type=file]").count() == 0
    buttons = page.locator(".pg-booth button")
    visible = [b for b in buttons.all() if b.is_visible()]
    assert len(visible) >= 15  # play, start again, 5 datasets, 4 size buttons, 3 activations, rates...
    small = []
    for b in visible:
        box = b.bounding_box()
        if box["width"] < 44 or box["height"] < 44:
            small.append((b.inner_text(), box["width"], box["height"]))
    assert not small, f"buttons below the 44 px touch size: {small}"
    body = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth, "
                         "document.documentElement.scrollHeight, document.documentElement.clientHeight]")
    assert body[0] <= body[1], "the booth page scrolls sideways"
    assert body[2] <= body[3], "the booth page does not fit the screen: it scrolls down"
    # the big screen goes to the pictures: the plane grows beyond its normal-page size
    plane = page.locator(".pg-boundary").bounding_box()
    assert plane["width"] >= 500 and plane["y"] + plane["height"] <= 1080, plane
    # the caption lies over the network only: the controls, the key and the numbers stay in view
    cap = page.locator(".pg-caption").bounding_box()
    for css in (".pg-booth-controls", "[data-testid=colour-key]", "[data-testid=epoch]"):
        box = page.locator(css).first.bounding_box()
        apart = (cap["x"] >= box["x"] + box["width"] or box["x"] >= cap["x"] + cap["width"]
                 or cap["y"] >= box["y"] + box["height"] or box["y"] >= cap["y"] + cap["height"])
        assert apart, f"the caption covers {css}"
    # the poster's jets: an average quark jet and an average gluon jet, the same size, with a line each
    quark, gluon = (page.locator(f".pg-booth-jets .bk-Figure >> nth={k}").bounding_box() for k in (0, 1))
    assert quark["width"] == gluon["width"] >= 100 and quark["y"] + quark["height"] <= 1080
    assert page.get_by_text("Quark jet: narrow, few particles").is_visible()
    assert page.get_by_text("Gluon jet: wide, many particles").is_visible()
    assert not page.errors


def test_a_touch_takes_over_and_idle_returns_to_the_attract_loop(touch_page, kiosk):
    page = open_app(touch_page, kiosk)
    wait_until(page, lambda: caption_visible(page), what="the attract caption")
    # A key says which colour is which, in words and in the caption.
    key = page.locator("[data-testid=colour-key]")
    assert key.is_visible() and "quark" in key.inner_text() and "gluon" in key.inner_text()
    # An ordinary first touch (200 ms) hits what the finger is on: the caption lies over the page and
    # going away moves nothing.
    long_touch(page, page.get_by_role("button", name="Circle"))
    wait_until(page, lambda: not caption_visible(page), what="the caption to go on a touch")
    wait_until(page, lambda: query_of(page).get("dataset") == "circle", what="the circle data")
    page.locator(".pg-booth-more-layers button").tap()
    wait_until(page, lambda: booth_layers(page) == 3, what="a third layer")
    page.locator(".pg-booth-more-neurons button").tap()
    wait_until(page, lambda: booth_neurons(page) == 5, what="five neurons a layer")
    page.get_by_role("button", name="ReLU").tap()
    wait_until(page, lambda: activations(page) == {"relu"}, what="ReLU")
    shot(page, "booth-02-visitor")
    # Nobody touches the screen for the reset time: it starts over by itself.
    wait_until(page, lambda: caption_visible(page), timeout=RESET_AFTER + 20, what="the idle reset")
    wait_until(page, lambda: query_of(page).get("dataset") == "quark_gluon", what="the starting data")
    assert booth_layers(page) == 2 and booth_neurons(page) == 4
    # the highlighted activation is the network's again, and tapping ReLU works again
    wait_until(page, lambda: highlighted(page, ".pg-booth-act") == "tanh", what="tanh highlighted")
    assert activations(page) == {"tanh"}
    start = epoch(page)
    wait_until(page, lambda: epoch(page) > start + 10, what="the attract loop to train again")
    shot(page, "booth-03-reset")
    page.get_by_role("button", name="ReLU").tap()
    wait_until(page, lambda: activations(page) == {"relu"}, what="ReLU after the reset")
    assert not page.errors


def test_a_link_chooses_the_activation(touch_page, kiosk):
    page = open_app(touch_page, kiosk, "?activation=relu")
    wait_until(page, lambda: epoch(page) >= 5, what="training")
    assert highlighted(page, ".pg-booth-act") == "ReLU"
    assert activations(page) == {"relu"}


def test_locked_ranges_cannot_be_exceeded_by_touch_or_link(touch_page, kiosk):
    page = open_app(touch_page, kiosk, "?learning_rate=10&hidden_layers=16,16&dataset=moons&n_samples=5000")
    text = notice(page)
    for refused in ("learning_rate", "hidden_layers", "dataset", "n_samples"):
        assert refused in text
    # the address bar is rewritten with the settings in use once the page has connected
    wait_until(page, lambda: float(query_of(page)["learning_rate"]) <= 3, what="the link to show the allowed rate")
    q = query_of(page)
    assert q["dataset"] == "quark_gluon" and int(q["n_samples"]) <= 2000
    more = page.locator(".pg-booth-more-neurons button")
    for _ in range(8):
        if more.is_disabled():
            break
        more.tap()
        page.wait_for_timeout(150)
    wait_until(page, lambda: booth_neurons(page) == 8, what="eight neurons")
    assert more.is_disabled()
    assert max(int(n) for n in query_of(page)["hidden_layers"].split(",")) == 8
    fast = page.get_by_role("button", name="too fast")
    fast.tap()
    wait_until(page, lambda: query_of(page).get("learning_rate") == "3.0", what="the fastest allowed rate")
    # the controls are made from this session's narrowed settings: they offer nothing outside them
    shown = lambda css: [b.inner_text().strip() for b in page.locator(f"{css} button").all()]
    assert shown(".pg-booth-data") == ["Quarks or gluons", "Circle", "XOR", "Two blobs", "Spiral"]
    assert shown(".pg-booth-act") == ["tanh", "ReLU", "sigmoid"]
    assert shown(".pg-booth-rate") == ["slow", "medium", "fast", "too fast"]


def test_how_it_works_overlay_opens_and_closes_by_touch(touch_page, kiosk):
    page = open_app(touch_page, kiosk)
    page.get_by_role("button", name="How it works").tap()
    dialog = page.get_by_role("dialog")
    dialog.wait_for(state="visible")
    for words in ("Above 0.5 it says", "test loss", "down fast at first"):
        assert dialog.get_by_text(words).first.is_visible(), words
    shot(page, "booth-04-how-it-works")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    page.get_by_role("button", name="How it works").tap()
    dialog.wait_for(state="visible")
    close = page.locator(".pnx-dialog-close")
    box = close.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    close.tap()
    dialog.wait_for(state="hidden")


TEXT_VARIABLE = {"A": "1", "A+": "1.25", "A++": "1.5"}


def choose_text_size(page, size: str) -> None:
    page.get_by_role("button", name=size, exact=True).tap()
    read = "e => getComputedStyle(e).getPropertyValue('--pg-text').trim()"
    wait_until(page, lambda: page.locator(".pg-booth").evaluate(read) == TEXT_VARIABLE[size], what=f"text {size}")
    page.wait_for_timeout(600)  # the plots refit their boxes


def test_every_text_size_fits_and_the_controls_keep_working(touch_page, story_kiosk):
    """A++ then A used to push the "+" buttons under the network for good: a text size is now one
    CSS variable, and the booth fits the screen at the largest size and back at the normal one
    (A+ lies between them; the 1366x768 test below covers the small screen)."""
    page = open_app(touch_page, story_kiosk)
    wait_until(page, lambda: caption_visible(page), what="the attract caption")
    for size in ("A++", "A"):  # the largest, then back: the path that used to break the layout
        choose_text_size(page, size)
        assert_fits(page, 1920, 1080, f"text {size}")
        if size == "A++":
            buttons = [b for b in page.locator(".pg-booth button").all() if b.is_visible()]
            clipped = [b.inner_text() for b in buttons if b.evaluate(CLIPPED)]
            assert not clipped, f"labels cut off at the largest text: {clipped}"
            shot(page, "booth-05-largest-text")
    before = booth_layers(page)
    page.locator(".pg-booth-more-layers button").tap()
    wait_until(page, lambda: booth_layers(page) == before + 1, what="one more layer after A++ then A")
    before = booth_neurons(page)  # whichever scene was on: one fewer, then one more
    page.locator(".pg-booth-fewer-neurons button").tap()
    wait_until(page, lambda: booth_neurons(page) == before - 1, what="one neuron fewer after A++ then A")
    page.locator(".pg-booth-more-neurons button").tap()
    wait_until(page, lambda: booth_neurons(page) == before, what="one more neuron after A++ then A")


def test_a_small_booth_screen_fits_at_every_text_size(browser, story_kiosk):
    context, page = new_tab(browser, 1366, 768, has_touch=True)
    try:
        open_app(page, story_kiosk)
        wait_until(page, lambda: caption_visible(page), what="the attract caption")
        for size in ("A", "A++"):  # the smallest screen at both ends of the text sizes
            choose_text_size(page, size)
            assert_fits(page, 1366, 768, f"1366x768, text {size}")
            shot(page, f"booth-06-1366-{size.replace('+', 'plus')}")
        assert not page.errors
    finally:
        context.close()


def test_the_attract_loop_plays_the_posters_scenes(touch_page, story_kiosk):
    page = open_app(touch_page, story_kiosk)
    seen = []
    for name in ("learn", "overfit", "too_fast", "too_fast_then"):
        wait_until(page, lambda: scene(page) == name, timeout=20, what=f"the scene {name}")
        page.wait_for_timeout(1500)
        seen.append(name)
        shot(page, f"booth-07-scene-{name}")
    assert query_of(page).get("learning_rate") == "0.03" and not page.errors


def test_the_booth_in_german(touch_page, kiosk):
    page = open_app(touch_page, kiosk, "?lang=de")
    wait_until(page, lambda: caption_visible(page), what="the attract caption")
    assert page.get_by_text("Kann ein neuronales Netz Quarks von Gluonen unterscheiden?").is_visible()
    assert "Quark" in page.locator("[data-testid=attract-caption]").inner_text()
    assert page.get_by_role("button", name="zu schnell").is_visible()
    buttons = [b for b in page.locator(".pg-booth button").all() if b.is_visible()]
    clipped = [b.inner_text() for b in buttons if b.evaluate(CLIPPED)]
    assert not clipped, f"German labels cut off: {clipped}"
    shot(page, "booth-08-deutsch")
    page.get_by_role("button", name="English").tap()
    page.get_by_text("Can a neural network tell quarks from gluons?").wait_for()
    assert page.get_by_role("button", name="too fast").is_visible()
    page.get_by_role("button", name="How it works").tap()
    page.get_by_role("dialog").get_by_text("How does it work?").wait_for()
    assert not page.errors


def test_play_and_pause_leave_no_listeners_behind(touch_page, kiosk):
    """A booth tab runs all day: Panel's Button added two hover listeners per re-render (a label or
    colour change), 8 per visitor; the page's patch (ui/browser_bridge.py) keeps the count flat."""
    page = open_app(touch_page, kiosk)
    wait_until(page, lambda: caption_visible(page), what="the attract caption")
    cdp = page.context.new_cdp_session(page)

    def listeners() -> int:
        cdp.send("HeapProfiler.collectGarbage")
        return cdp.send("Memory.getDOMCounters")["jsEventListeners"]

    play = page.locator(".pg-booth-play button")
    play.tap()
    page.wait_for_timeout(500)
    before = listeners()
    for _ in range(6):
        play.tap()
        page.wait_for_timeout(400)
    page.wait_for_timeout(500)
    assert listeners() - before <= 0
    assert not page.errors
