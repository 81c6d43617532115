"""Entry file handed to ``panel serve``: builds one app per browser session."""
from playground.ui.app import create_app

create_app().servable(title="NN Playground")
