"""Points drawn by hand, written into a link (``points=``) so a class opens the same drawing.

A drawing is data no setting describes; a small one fits in the link itself: each point as
``x_y_class`` (``_t`` appended for a test point), points joined by ``~`` (characters a URL keeps as
they are). The link's own settings make the dataset the drawing was made on; its plane and classes
check every point, as a click would (:class:`~playground.data.drawing.DrawnPoints`). A link is
untrusted: a bad point, or more than :data:`MAX_LINK_POINTS`, is refused with a notice and the page
opens on the dataset alone.
"""
from __future__ import annotations

import re

from ..data.drawing import DrawnPoints

#: Most drawn points a link carries (about 3,000 characters): more would make a link that mail
#: programs and chat windows break.
MAX_LINK_POINTS = 200
MAX_TEXT = 40 * MAX_LINK_POINTS
POINT = re.compile(r"(-?[0-9]{1,6}(?:\.[0-9]{1,6})?)_(-?[0-9]{1,6}(?:\.[0-9]{1,6})?)_([0-9]{1,2}|-?[0-9]{1,6}"
                   r"(?:\.[0-9]{1,6})?)(_t)?")


def _num(value: float) -> str:
    return f"{value:.4g}" if abs(value) >= 1e-4 else "0"


def points_text(data) -> str:
    """The link text of drawn data ('' for other data, or a drawing too large for a link)."""
    if data.provenance.get("source") != "drawn" or data.n_train + data.n_test > MAX_LINK_POINTS:
        return ""
    out = []
    for rows, labels, test in ((data.x_train, data.y_train, ""), (data.x_test, data.y_test, "_t")):
        for (x, y), c in zip(rows, labels):
            cls = str(int(c)) if data.problem != "regression" else _num(float(c))
            out.append(f"{_num(float(x))}_{_num(float(y))}_{cls}{test}")
    return "~".join(out)


def read_points(text: str, base):
    """The drawing a link's ``points`` text describes, on the plane of dataset ``base``; ValueError
    in the visitor's words for anything that is not such a drawing."""
    if len(text) > MAX_TEXT:
        raise ValueError(f"the link holds more drawn points than the {MAX_LINK_POINTS} a link may carry")
    items = [p for p in text.split("~") if p]
    if len(items) > MAX_LINK_POINTS:
        raise ValueError(f"the link holds {len(items)} drawn points; a link may carry {MAX_LINK_POINTS}")
    editor = DrawnPoints.from_dataset(base)
    editor.clear()
    for k, item in enumerate(items, 1):
        match = POINT.fullmatch(item)
        if match is None:
            raise ValueError(f"drawn point {k} is not written as x_y_class")
        x, y, label, test = match.groups()
        editor.add(float(x), float(y), float(label), test=bool(test))
    return editor.to_dataset(train_fraction=None)
