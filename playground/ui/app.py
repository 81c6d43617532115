"""The playground page for one browser session (grows with the web-app issue)."""
import panel as pn


def create_app():
    pn.extension()
    return pn.Column("# NN Playground", "The live training view is being built.")
