"""``panel serve app.py``: the NN Playground page for Panel's own tooling, one Experiment per session.

``playground serve`` (``make run``) is the way to serve it to visitors: it adds the request guard,
the seat limit, ``/health`` and the page's font (see ``playground/serve.py``).
"""
from playground.ui.app import served_page

served_page().servable(title="NN Playground")
