"""What every browser test does: open the page, read its numbers, wait for something to happen."""
from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

BOKEH_SUM = """name => {
  const doc = Bokeh.documents[0];
  const src = doc.get_model_by_name(name);
  const img = src.data.image[0];
  let s = 0; for (let i = 0; i < img.length; i++) s += img[i] * ((i % 97) + 1);
  return s;
}"""
COLUMN_LENGTH = """([name, col]) => {
  const src = Bokeh.documents[0].get_model_by_name(name);
  return src ? src.data[col].length : -1;
}"""


def open_app(page, server, query: str = ""):
    page.goto(server.url + query)
    page.locator("[data-testid=epoch]").wait_for(timeout=60_000)
    page.wait_for_function("() => window.Bokeh && Bokeh.documents.length > 0", timeout=30_000)
    return page


def epoch(page) -> int:
    return int(page.locator("[data-testid=epoch]").inner_text())


def number(page, testid: str) -> float:
    return float(page.locator(f"[data-testid={testid}]").inner_text())


def notice(page) -> str:
    return page.locator("[data-testid=notice]").inner_text()


def wait_until(page, predicate, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def choose_dataset(page, label: str):
    select = page.locator("select").filter(has=page.locator("option", has_text="Quark vs gluon jets"))
    select.select_option(label=label)


def query_of(page) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query, keep_blank_values=True).items()}


#: A button whose label does not fit: it spills out of its widget (over its neighbour) or clips its text.
CLIPPED = """el => {
  const r = el.getBoundingClientRect(), widget = el.getRootNode().host.getBoundingClientRect();
  return r.right > widget.right + 1 || r.bottom > widget.bottom + 1 || el.scrollWidth > el.clientWidth + 1;
}"""


#: Where a glyph of the network diagram is drawn, in page pixels: its data source's (x, y) are the
#: figure's own pixels, y counted from the bottom.
GLYPH_AT = """([source, k]) => {
  const src = Bokeh.documents[0].get_model_by_name(source);
  const fig = Bokeh.documents[0].get_model_by_name("network");
  const view = [...Bokeh.index.all_views()].find(v => v.model === fig);
  const box = view.canvas_view.el.getBoundingClientRect();
  return [box.left + src.data.x[k], box.top + fig.height - src.data.y[k]];
}"""


def diagram_point(page, source: str, k: int) -> tuple[float, float]:
    """Page coordinates of glyph ``k`` of a diagram source (``network-nodes``, ``network-inputs``)."""
    return tuple(page.evaluate(GLYPH_AT, [source, k]))


def input_index(page, name: str) -> int:
    """Row of input ``name`` (``x1sq``) in the diagram's input column."""
    return page.evaluate("""name => Bokeh.documents[0].get_model_by_name("network-inputs").data.name.indexOf(name)""",
                         name)


def tap_input(page, name: str) -> None:
    """Switch an input feature the way a person does: a click on its picture in the diagram."""
    x, y = diagram_point(page, "network-inputs", input_index(page, name))
    page.mouse.click(x, y)
