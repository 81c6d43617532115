"""Lessons played through in a real browser the way a student does: open the lesson, read the goal,
change what the text asks for with the page's own controls, press Play, and see "Well done!"."""
from __future__ import annotations

import numpy as np
import pytest
from playground.lessons import builtin_lessons

from .conftest import shot
from .visitor import epoch, open_app, query_of, tap_input, wait_until

pytestmark = pytest.mark.timeout(240)


def success(page) -> bool:
    """The goal is met, as the goal strip shows it (visible whatever side tab is open)."""
    return page.locator(".pg-strip-next button").is_visible()


def goal_lines(page) -> list[str]:
    return [li.inner_text() for li in page.locator("[data-testid=lesson-goal] li").all()]


def open_lesson(page, server, title: str):
    open_app(page, server)
    page.get_by_text("Lessons", exact=True).first.click()
    page.get_by_role("button", name=title).click()
    page.locator("[data-testid=lesson-text]").wait_for()


def play_until_success(page, timeout: float = 90):
    page.get_by_role("button", name="Play").click()
    wait_until(page, lambda: success(page), timeout=timeout, what="the lesson's success message")
    if page.get_by_role("button", name="Pause").is_visible():
        page.get_by_role("button", name="Pause").click()


def test_circle_lesson_hidden_neurons_then_better_inputs(page, server):
    open_lesson(page, server, "2. Bend the line")
    assert page.locator("[data-testid=lesson-step]").inner_text() == "1"
    wait_until(page, lambda: query_of(page).get("dataset") == "circle" and query_of(page).get("hidden_layers") == "",
               what="the lesson's start: circle, no hidden layer")
    assert any("Test accuracy" in line for line in goal_lines(page)) and not success(page)
    page.locator(".pg-add-layer button").click()  # a new layer has 4 neurons: one fewer, as the text asks
    wait_until(page, lambda: query_of(page).get("hidden_layers") == "4", what="one hidden layer")
    page.locator(".pg-remove-neuron-0 button").click()
    wait_until(page, lambda: query_of(page).get("hidden_layers") == "3", what="three neurons")
    play_until_success(page)
    assert all(line.startswith("✓") for line in goal_lines(page))
    shot(page, "lesson-01-circle-success")
    page.locator(".pg-strip-next button").click()
    wait_until(page, lambda: page.locator("[data-testid=lesson-step]").inner_text() == "2", what="step 2")
    wait_until(page, lambda: query_of(page).get("hidden_layers") == "" and epoch(page) == 0,
               what="step 2's fresh start")
    assert query_of(page)["step"] == "2" and query_of(page)["lesson"] == "circle"
    tap_input(page, "x1sq")  # the input pictures are the switches, as the lesson says
    wait_until(page, lambda: "x1sq" in query_of(page).get("features", ""), what="x₁² switched on")
    tap_input(page, "x2sq")
    wait_until(page, lambda: "x2sq" in query_of(page).get("features", ""), what="x₂² switched on")
    play_until_success(page)
    shot(page, "lesson-02-circle-features")


def test_learning_rate_lesson_too_small_then_too_big(page, server):
    open_lesson(page, server, "3. Too small, too big, just right")
    wait_until(page, lambda: query_of(page).get("learning_rate") == "0.001", what="the tiny start rate")
    box = page.locator(".pg-lr-input input")
    box.fill("0.03")
    box.press("Enter")
    wait_until(page, lambda: query_of(page).get("learning_rate") == "0.03", what="the student's rate")
    play_until_success(page)
    page.locator(".pg-strip-next button").click()
    wait_until(page, lambda: page.locator("[data-testid=lesson-step]").inner_text() == "2", what="step 2")
    box.fill("3")
    box.press("Enter")
    wait_until(page, lambda: query_of(page).get("learning_rate") == "3.0", what="a huge rate")
    page.get_by_role("button", name="Play").click()
    wait_until(page, lambda: success(page), timeout=60, what="divergence to count as success")
    assert "blew up" in page.locator("[data-testid=notice]").inner_text()
    shot(page, "lesson-03-too-big")


def test_dropout_while_predicting_lesson_and_a_lesson_link(page, server):
    open_app(page, server, "?lesson=dropout-predicting")
    page.locator("[data-testid=lesson-text]").wait_for()  # the link opens the Lessons tab at the lesson
    assert page.locator("div", has_text="7. Dropout while predicting").first.is_visible()
    page.get_by_role("button", name="Play").click()
    wait_until(page, lambda: epoch(page) >= 60, timeout=60, what="60 epochs")
    page.get_by_role("button", name="Pause").click()
    page.get_by_text("Training", exact=True).first.click()
    page.locator(".pg-predict-dropout input").click()
    wait_until(page, lambda: query_of(page).get("predict_dropout") == "1", what="dropout while predicting")
    page.get_by_role("button", name="Play").click()  # still in the Training tab: the goal strip says how it goes
    wait_until(page, lambda: success(page), timeout=60, what="the scatter goal")
    page.get_by_role("button", name="Pause").click()
    shot(page, "lesson-04-dropout")


def test_activation_lesson_finished_by_following_its_hint(page, server):
    """Lesson 8's hint says: set “Activation” to tanh. The header's Activation control must change
    every layer's activation, or the hint does nothing."""
    open_app(page, server, "?lesson=activations")
    page.locator("[data-testid=lesson-text]").wait_for()
    wait_until(page, lambda: query_of(page).get("activations") == "sigmoid,sigmoid,sigmoid", what="sigmoid layers")
    hint = next(lesson for lesson in builtin_lessons() if lesson.id == "activations").steps[0].hint
    assert hint.startswith("Set “Activation” to tanh")  # what the student follows (shown after 45 s)
    activation = page.locator("select").filter(has=page.locator("option", has_text="Leaky ReLU")).first
    activation.select_option(label="Tanh")
    wait_until(page, lambda: query_of(page).get("activations") == "tanh,tanh,tanh", what="tanh in every layer")
    play_until_success(page, timeout=120)
    assert all(line.startswith("✓") for line in goal_lines(page))
    shot(page, "lesson-08-activations")


def step_numbers(page, stage: str) -> list[str]:
    """The numbers the step-through's table shows in its first row at ``stage``."""
    cell = page.locator(f"[data-testid=step-{stage}-0]")
    cell.wait_for()
    return cell.inner_text().split()


def test_backprop_lesson_steps_a_point_through_with_the_engines_numbers(page, server):
    """The lecture's 3-4-1 network: one point through forward, error, backward and update, with the
    numbers the engine's step-through gives for the same network; then round the truth table by hand,
    then until it is learnt with the hidden space open."""
    import sys
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parents[2]))
    from playground.lessons import get_lesson
    from tests.lessons.play import prepare

    lesson = get_lesson("backprop")
    exp, _ = prepare(lesson, 0)
    ref = exp.point_steps(0)  # the same network, weights and first point as the page's
    open_lesson(page, server, "9. Backpropagation by hand")
    wait_until(page, lambda: query_of(page).get("dataset") == "logic_a_and_b_or_c", what="the truth table")
    page.locator(".pg-step-through button").click()
    page.mouse.move(5, 400)  # off the button: its tooltip would lie over the next one
    nxt = page.locator(".pg-step-next button")
    nxt.click()
    assert step_numbers(page, "forward") == [f"{v + 0.0:.4g}" for v in np.concatenate(ref.z)]
    nxt.click()
    assert step_numbers(page, "error") == [f"{v + 0.0:.4g}" for v in ref.output]
    assert page.locator("[data-testid=step-error-2]").inner_text() == f"{ref.loss:.4g}"
    nxt.click()
    assert step_numbers(page, "backward") == [f"{v + 0.0:.4g}" for v in np.concatenate(ref.delta)]
    nxt.click()
    changes = np.concatenate([c.ravel() for c in ref.change_W])
    assert step_numbers(page, "update") == [f"{v + 0.0:.4g}" for v in changes]
    shot(page, "lesson-09-update-stage")
    nxt.click()  # take the step
    wait_until(page, lambda: success(page), what="one step by hand to count")
    page.locator(".pg-strip-next button").click()
    wait_until(page, lambda: page.locator("[data-testid=lesson-step]").inner_text() == "2", what="step 2")
    for _ in range(7 * 5):  # seven more points, five presses each (in quick succession)
        nxt.evaluate("b => b.click()")
        page.wait_for_timeout(40)
    wait_until(page, lambda: success(page), what="eight steps by hand")
    page.locator(".pg-strip-next button").click()
    wait_until(page, lambda: query_of(page).get("batch_size") == "8", what="step 3's start")
    page.get_by_role("tab", name="Data").click()
    handle = page.locator(".bk-input-group", has_text="Batch size").locator(".noUi-handle").first
    handle.focus()
    handle.press("Home")
    wait_until(page, lambda: query_of(page).get("batch_size") == "1", what="batch size 1")
    page.get_by_role("tab", name="Hidden space").click()
    play_until_success(page)
    shot(page, "lesson-09-learnt-hidden-space")
