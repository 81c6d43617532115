"""Entry file handed to ``panel serve``: builds one app per browser session. Its arguments (after
``--args``) are the server's page settings: kiosk mode, idle reset, preset (:mod:`playground.ui.site`)."""
import sys

from playground.ui.app import create_app
from playground.ui.site import from_argv

create_app(site=from_argv(sys.argv[1:])).servable(title="NN Playground")
