"""What a visitor does, in a real browser against the served app: play and watch, change settings mid-run,
reshape the network, switch to the jets, upload a bad file, share a link, blow the network up and
recover. One server for the module; each test opens its own tab."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import numpy as np
import pytest

from .conftest import shot
from .visitor import (BOKEH_SUM, COLUMN_LENGTH, choose_dataset, diagram_point, epoch, notice, number, open_app,
                      query_of, tap_input, wait_until)

pytestmark = pytest.mark.timeout(180)


def test_play_shows_epochs_counting_and_the_boundary_changing(page, server):
    open_app(page, server)
    shot(page, "01-default-quark-gluon")
    assert epoch(page) == 0
    before = page.evaluate(BOKEH_SUM, "boundary-image")
    page.get_by_role("button", name="Play").click()
    wait_until(page, lambda: epoch(page) >= 30, what="30 epochs")
    assert page.get_by_role("button", name="Pause").is_visible()
    wait_until(page, lambda: page.evaluate(BOKEH_SUM, "boundary-image") != before, what="the boundary to change")
    shot(page, "02-training")
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for()
    stopped = epoch(page)
    page.wait_for_timeout(500)
    assert epoch(page) == stopped
    assert not page.errors


def test_training_loss_falls_on_the_circle(page, server):
    open_app(page, server)
    choose_dataset(page, "Circle")
    wait_until(page, lambda: query_of(page).get("dataset") == "circle", what="the URL to follow the dataset")
    first = number(page, "train-loss")
    page.get_by_role("button", name="Play").click()
    wait_until(page, lambda: number(page, "train-loss") < 0.6 * first, timeout=60, what="the training loss to fall")
    assert page.evaluate(COLUMN_LENGTH, ["loss", "epoch"]) > 10
    assert number(page, "test-loss") < first
    shot(page, "03-circle-loss-falling")
    page.get_by_role("button", name="Pause").click()


def test_learning_rate_changes_mid_run_without_reset(page, server):
    open_app(page, server, "?dataset=circle")
    page.get_by_role("button", name="Play").click()
    wait_until(page, lambda: epoch(page) >= 10, what="10 epochs")
    box = page.locator(".pg-lr-input input")
    box.fill("0.3")
    box.press("Enter")
    wait_until(page, lambda: query_of(page).get("learning_rate") == "0.3", what="learning rate 0.3 in the URL")
    at_change = epoch(page)
    wait_until(page, lambda: epoch(page) >= at_change + 10, what="training to go on")
    assert page.get_by_role("button", name="Pause").is_visible()
    page.get_by_role("button", name="Pause").click()


PINNED_LINES = "() => Bokeh.documents[0].get_model_by_name('loss-pinned').data.xs.map(x => x.length)"


def test_two_runs_at_different_rates_pinned_over_the_loss_curve(page, server):
    """Train, Reset, change the rate, train, Reset: both runs are rows; pinning both draws their
    test-loss curves on the loss plot; a row's open mark goes back to that run's rate."""
    open_app(page, server, "?dataset=circle&learning_rate=0.01")
    for rate in ("0.3", None):
        page.get_by_role("button", name="Play").click()
        wait_until(page, lambda: epoch(page) >= 15, what="15 epochs")
        page.get_by_role("button", name="Pause").click()
        page.mouse.move(700, 740)  # off the buttons: their tooltips would cover Reset
        page.get_by_role("button", name="Reset").click()
        if rate:
            box = page.locator(".pg-lr-input input")
            box.fill(rate)
            box.press("Enter")
            wait_until(page, lambda: query_of(page).get("learning_rate") == rate, what=f"rate {rate}")
    page.get_by_role("tab", name="Runs").click()
    pins = page.locator(".pg-runs-table .tabulator-cell[tabulator-field=pin]")
    wait_until(page, lambda: pins.count() == 2, what="two runs in the table")
    rates = page.locator(".pg-runs-table .tabulator-cell[tabulator-field=learning_rate]").all_inner_texts()
    assert rates == ["0.3", "0.01"]  # newest first
    for i in range(2):
        pins.nth(i).click()
    wait_until(page, lambda: page.locator(".pg-runs-table .pg-pin-on").count() == 2, what="both pins ticked")
    page.get_by_role("tab", name="Loss").click()
    wait_until(page, lambda: (lambda n: len(n) == 2 and min(n) >= 10)(page.evaluate(PINNED_LINES)),
               what="two pinned curves of 10 or more points drawn")
    shot(page, "10-two-runs-pinned")
    page.get_by_role("tab", name="Runs").click()
    page.locator(".pg-runs-table .tabulator-cell[tabulator-field=open]").nth(1).click()  # run 1
    wait_until(page, lambda: query_of(page).get("learning_rate") == "0.01", what="run 1's rate back")
    wait_until(page, lambda: "Back to run 1" in notice(page), what="the notice saying so")


def test_a_search_fills_the_table_while_the_live_training_goes_on(page, server):
    """Start a search from the Search tab while playing: the Runs tab opens, the progress bar
    advances, the epochs keep counting, and the best trial can be taken into the page."""
    open_app(page, server, "?dataset=circle")
    page.get_by_role("button", name="Play").click()
    page.get_by_role("tab", name="Search").click()
    page.locator(".pg-search-start button").click()
    status = page.locator("[data-testid=search-status]")
    wait_until(page, lambda: status.count() and re.search(r"^[1-9]\d* of 20 trials", status.inner_text()),
               what="the first trials")
    at = epoch(page)
    wait_until(page, lambda: epoch(page) >= at + 20, what="live training to go on during the search")
    wait_until(page, lambda: status.get_attribute("data-state") == "done", timeout=120, what="the search to end")
    assert page.locator(".pg-runs-table .tabulator-row").count() >= 20
    shot(page, "11-search-done")
    page.get_by_role("button", name="Pause").click()
    page.locator(".pg-search-best button").click()
    wait_until(page, lambda: "the search's best" in notice(page), what="the best trial taken into the page")


def test_reshape_the_network_and_look_inside_it_on_the_picture(page, server):
    """As in TF Playground: +/- under the layers, the mouse over a neuron shows it large on the plane,
    a click on an input's picture switches that input."""
    open_app(page, server, "?dataset=xor")
    assert page.locator("[data-testid=layers]").inner_text() == "2"
    page.locator(".pg-add-layer button").click()
    wait_until(page, lambda: page.locator("[data-testid=layers]").inner_text() == "3", what="3 layers")
    # the neuron buttons are rebuilt for three layers; a click on the old row would go nowhere
    page.locator(".pg-add-neuron-2 button").wait_for()
    page.locator(".pg-add-neuron-0 button").click()
    wait_until(page, lambda: query_of(page).get("hidden_layers") == "5,2,2", what="layers 5,2,2 in the URL")
    wait_until(page, lambda: page.evaluate(COLUMN_LENGTH, ["network-nodes", "x"]) == 5 + 2 + 2 + 1,
               what="the diagram to show 10 neurons")
    assert epoch(page) == 0
    shot(page, "04-network-bigger", page.locator(".pg-network"))
    answer = page.evaluate(BOKEH_SUM, "boundary-image")
    x, y = diagram_point(page, "network-nodes", 7)  # the first neuron of layer 3 (5 + 2 neurons before it)
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y, steps=3)
    key = page.locator("[data-testid=shown-neuron]")
    wait_until(page, lambda: key.count() and "neuron 1 of layer 3" in key.inner_text(), what="the neuron's name")
    wait_until(page, lambda: page.evaluate(BOKEH_SUM, "boundary-image") != answer, what="its picture on the plane")
    shot(page, "04b-neuron-on-the-plane")
    page.mouse.move(5, 5)
    wait_until(page, lambda: page.evaluate(BOKEH_SUM, "boundary-image") == answer, what="the answer back")
    assert page.locator("[data-testid=colour-key]").is_visible()
    page.mouse.click(x, y)  # a tap (a click) keeps the neuron on the plane after the pointer leaves ...
    page.mouse.move(5, 5)
    wait_until(page, lambda: key.count() and "tap it again" in key.inner_text(), what="the pinned neuron")
    page.mouse.click(x, y)  # ... until it is tapped again
    page.mouse.move(5, 5)
    wait_until(page, lambda: page.evaluate(BOKEH_SUM, "boundary-image") == answer, what="the answer again")
    tap_input(page, "sin_x1")
    wait_until(page, lambda: query_of(page).get("features") == "x1,x2,sin_x1", what="sin x₁ switched on")
    wait_until(page, lambda: page.evaluate(COLUMN_LENGTH, ["network-inputs", "x"]) == 9 and
               "switched on" in notice(page), what="the notice")
    assert not page.errors


def test_clear_then_draw_three_points(page, server):
    """Clear means empty, and three drawn points are exactly three training points."""
    open_app(page, server, "?dataset=two_blobs")
    page.get_by_role("button", name="Clear points").click()
    wait_until(page, lambda: page.evaluate(COLUMN_LENGTH, ["train-points", "x"]) == 0, what="an empty plane")
    plane = page.locator(".pg-boundary canvas").last.bounding_box()
    for n, ((fx, fy), cls) in enumerate((((0.3, 0.3), None), ((0.7, 0.7), "+ blue"), ((0.7, 0.3), None)), 1):
        if cls:
            page.get_by_role("button", name=cls).click()
        page.mouse.click(plane["x"] + fx * plane["width"], plane["y"] + fy * plane["height"])
        wait_until(page, lambda: page.evaluate(COLUMN_LENGTH, ["train-points", "x"]) == n, what=f"point {n}")
    page.wait_for_timeout(500)
    assert page.evaluate(COLUMN_LENGTH, ["train-points", "x"]) == 3
    select = page.locator("select").filter(has=page.locator("option", has_text="Two blobs"))
    assert select.evaluate("s => s.options[s.selectedIndex].text") == "your drawing"
    assert page.locator("[data-testid=test-loss]").inner_text() == "–"


def test_switch_to_quark_gluon_and_see_roc_auc_and_jets(page, server):
    open_app(page, server, "?dataset=circle")
    choose_dataset(page, "Quark vs gluon jets")
    wait_until(page, lambda: re.search(r"AUC 0\.\d+", page.locator("[data-testid=auc]").inner_text()),
               what="an AUC")
    assert page.locator("[data-testid=r50]").is_visible()
    assert "multiplicity" in page.locator("[data-testid=cut]").inner_text() or \
        "cut" in page.locator("[data-testid=cut]").inner_text()
    page.get_by_role("button", name="Play").click()
    wait_until(page, lambda: epoch(page) >= 20, what="training on jets")
    page.get_by_role("button", name="Pause").click()
    page.locator(".bk-tab", has_text="ROC & outputs").click()
    wait_until(page, lambda: page.evaluate(COLUMN_LENGTH, ["roc-curve", "sig"]) > 2, what="the ROC curve")
    auc = float(re.search(r"AUC ([0-9.]+)", page.locator("[data-testid=auc]").inner_text()).group(1))
    assert 0.6 < auc < 1.0
    shot(page, "05-quark-gluon-roc")
    page.locator(".bk-tab", has_text="Jets").click()
    page.get_by_text("quark jet has").wait_for()
    shot(page, "06-jet-images")


def test_bad_csv_upload_shows_its_error(page, server, tmp_path):
    open_app(page, server, "?dataset=circle")
    bad = tmp_path / "broken.csv"
    bad.write_text("x1,x2,label\n1,2,0\n3,four,1\n5,6,0\n7,8,1\n")
    page.locator("input[type=file]").set_input_files(str(bad))
    wait_until(page, lambda: "broken.csv" in notice(page), what="the upload error")
    text = notice(page)
    assert "four" in text and "not a number" in text
    assert query_of(page).get("dataset", "circle") == "circle"
    shot(page, "07-upload-error")


def test_a_file_over_the_limit_is_refused_by_the_browser_and_the_page_lives_on(page, server, tmp_path):
    """50 MB used to travel as one websocket message, over Bokeh's limit: the socket died silently.
    Now the browser checks the size first and only the name and size reach the server."""
    open_app(page, server, "?dataset=circle")
    big = tmp_path / "huge.csv"
    with open(big, "wb") as fh:
        fh.write(b"x1,x2,label\n")
        fh.truncate(50_000_000)
    page.locator("input[type=file]").set_input_files(str(big))
    wait_until(page, lambda: "huge.csv" in notice(page), what="the size notice")
    assert "50.0 MB" in notice(page) and "limit is 5 MB" in notice(page)
    page.get_by_role("button", name="Step").first.click()
    wait_until(page, lambda: epoch(page) >= 1, what="a step after the refused upload (the connection lives)")


def test_a_good_upload_is_read_off_the_event_loop_and_trained_on(page, server, tmp_path, browser):
    open_app(page, server, "?dataset=circle")
    good = tmp_path / "mine.csv"
    rng = np.random.default_rng(4)
    good.write_text("u,v,label\n" + "\n".join(f"{a:.3f},{b:.3f},{int(a > b)}" for a, b in rng.uniform(0, 5, (300, 2))))
    page.locator("input[type=file]").set_input_files(str(good))
    wait_until(page, lambda: "Training on mine.csv" in notice(page), what="the upload to be used")
    assert "150 training and 150 test rows" in notice(page)
    # the page's link names the file (kept on the server by its content hash): a class opens the same rows
    wait_until(page, lambda: len(query_of(page).get("upload", "")) == 64, what="the upload in the link")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        student = context.new_page()
        open_app(student, server, "?" + urlsplit(page.url).query)
        menu = student.locator("select").filter(has=student.locator("option", has_text="Two blobs"))
        wait_until(student, lambda: menu.evaluate("s => s.options[s.selectedIndex].text") == "uploaded: mine.csv",
                   what="the same upload in a fresh browser")
        assert student.locator("[data-testid=train-accuracy]").inner_text() != ""
    finally:
        context.close()


def test_a_shared_link_restores_the_same_settings(page, server, browser):
    open_app(page, server)
    choose_dataset(page, "XOR")
    page.locator(".pg-add-layer button").click()
    box = page.locator(".pg-lr-input input")
    box.fill("0.1")
    box.press("Enter")
    wait_until(page, lambda: query_of(page).get("learning_rate") == "0.1" and
               query_of(page).get("hidden_layers") == "4,2,2", what="settings in the URL")
    link = page.url
    loss = page.locator("[data-testid=train-loss]").inner_text()
    other = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        open_app(other, server, "?" + urlsplit(link).query)
        assert other.locator(".pg-lr-input input").input_value() == "0.1"
        assert other.locator("[data-testid=layers]").inner_text() == "3"
        assert query_of(other) == query_of(page)
        assert other.locator("[data-testid=train-loss]").inner_text() == loss  # same data, seed, weights
        assert notice(other) == ""
    finally:
        other.close()


def test_hostile_link_is_reported_and_the_page_still_works(page, server):
    open_app(page, server, "?learning_rate=banana&hidden_layers=99&evil=%3Cscript%3Ealert(1)%3C/script%3E"
                           "&dataset=circle")
    wait_until(page, lambda: "Ignored" in notice(page), what="a notice")
    text = notice(page)
    assert "learning_rate" in text and "hidden_layers" in text and "evil" in text
    page.get_by_role("button", name="Play").click()
    wait_until(page, lambda: epoch(page) >= 5, what="training")
    page.get_by_role("button", name="Pause").click()
    assert not page.errors


def test_divergence_pauses_with_a_message_and_one_click_back(page, server):
    open_app(page, server, "?dataset=reg_plane&hidden_layers=8,8&learning_rate=10&epochs_per_frame=20")
    page.get_by_role("button", name="Play").click()
    wait_until(page, lambda: "Learning rate too high?" in notice(page), what="the divergence message")
    page.get_by_role("button", name="Play").wait_for()
    loss = page.locator("[data-testid=train-loss]").inner_text()
    assert re.fullmatch(r"[0-9.e+-]+", loss)  # a number, never garbage
    shot(page, "08-diverged")
    page.get_by_role("button", name=re.compile("Lower learning rate")).click()
    wait_until(page, lambda: query_of(page).get("learning_rate") == "1.0", what="the lower learning rate")
    at = epoch(page)
    wait_until(page, lambda: epoch(page) >= at + 100, what="training to go on at the lower rate")
    assert "too high" not in notice(page)
    page.get_by_role("button", name="Pause").click()


@pytest.mark.parametrize("width, height", [(1366, 768), (1920, 1080)])
def test_main_view_fits_the_screen(browser, server, width, height):
    pg = browser.new_page(viewport={"width": width, "height": height})
    try:
        open_app(pg, server)
        pg.wait_for_timeout(500)
        size = pg.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        assert size[0] <= width and size[1] <= height, size
        # a wide window gets larger pictures: the diagram and the plane use the width
        widths = lambda: [pg.locator(f".{c} canvas").first.bounding_box()["width"]  # noqa: E731
                          for c in ("pg-network", "pg-boundary")]
        if width >= 1600:
            wait_until(pg, lambda: widths()[0] >= 700 and widths()[1] >= 480, what="the larger pictures")
            used = pg.evaluate("() => Math.max(...[...document.querySelectorAll('*')].map("
                               "e => e.getBoundingClientRect().right))")
            assert used >= 0.75 * width
        else:
            assert widths()[0] <= 530 and widths()[1] <= 345
        shot(pg, f"09-layout-{width}x{height}")
    finally:
        pg.close()


#: The hidden-space view's points as the page holds them: [[h1, h2, h3, x, y, colour], ...].
HIDDEN_POINTS = """() => { const doc = Bokeh.documents[0];
    const d = doc.get_model_by_name('hidden-points').data, h = doc.get_model_by_name('hidden-coords').data;
    return Array.from(d.x, (_, i) => [h.h1[i], h.h2[i], h.h3[i], d.x[i], d.y[i], d.color[i]]); }"""


def linearly_separable_share(rows) -> float:
    """The share of points a least-squares plane through the 3-D points puts on their class's side."""
    h = np.array([r[:3] for r in rows], dtype=float)
    colours = sorted({r[5] for r in rows})
    y = np.array([1.0 if r[5] == colours[0] else -1.0 for r in rows])
    X = np.column_stack([h, np.ones(len(h))])
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    return float(np.mean(np.sign(X @ w) == y))


def test_the_hidden_space_tab_shows_the_classes_come_apart_in_3d(page, server):
    """Circle data, inputs x1 and x2 only, one hidden layer of three tanh neurons: in the hidden
    space the two rings end up on either side of a plane, and the picture turns with its slider."""
    open_app(page, server, "?dataset=circle&features=x1,x2&hidden_layers=3&activations=tanh&epochs_per_frame=10"
                           "&learning_rate=0.1")
    page.get_by_role("tab", name="Hidden space").click()
    mode = page.locator("[data-testid=hidden-mode]")
    wait_until(page, lambda: mode.count() and mode.get_attribute("data-mode") == "3d", what="the 3-D view")
    before = linearly_separable_share(page.evaluate(HIDDEN_POINTS))
    page.get_by_role("button", name="Play").click()
    wait_until(page, lambda: epoch(page) >= 300, timeout=60, what="300 epochs")
    page.get_by_role("button", name="Pause").click()
    page.wait_for_timeout(500)
    rows = page.evaluate(HIDDEN_POINTS)
    after = linearly_separable_share(rows)
    assert after >= 0.95 > before, (before, after)
    shot(page, "12-hidden-space-3d")
    handle = page.locator(".pg-hidden-turn .noUi-handle")
    handle.focus()
    for _ in range(6):
        handle.press("ArrowRight")
    wait_until(page, lambda: page.evaluate(HIDDEN_POINTS)[0][3] != rows[0][3], what="the picture to turn")
    assert page.evaluate(HIDDEN_POINTS)[0][:3] == rows[0][:3]  # turning moves the picture, not the points
