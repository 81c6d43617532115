"""``panel serve app.py``: the NN Playground app, one Experiment per browser session."""
from playground.ui.app import create_app

create_app().servable(title="NN Playground")
