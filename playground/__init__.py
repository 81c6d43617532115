"""NN Playground: watch a neural network learn.

From Python or a notebook::

    import playground
    exp = playground.Experiment(dataset="circle", hidden_layers=[4, 4])
    exp.fit(500)                      # summary dict: losses, accuracy, AUC/R50, epochs/s
    playground.App(dataset="circle")  # the whole interactive app, inline in Jupyter

Both names are loaded on first use, so ``import playground`` stays light: the command line does not
pay for the training code, and nothing but :class:`App` loads Panel.
"""
from __future__ import annotations

__all__ = ["App", "Experiment"]


def __getattr__(name: str):
    if name == "Experiment":
        from .experiment import Experiment

        return Experiment
    raise AttributeError(f"module 'playground' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))


class App:
    """The full interactive playground, shown inline in Jupyter.

    ``playground.App(dataset="circle", hidden_layers=[4, 4])`` takes any
    :class:`~playground.experiment.Experiment` setting by name (or an existing one as
    ``experiment=``) and displays as the whole page when it is a cell's last expression; press play
    on the page, or call :meth:`play`. :attr:`experiment` is the live Experiment: set its settings
    from code and the page follows; after training it from code (``app.experiment.fit(100)``) call
    :meth:`refresh` to redraw. Outside a notebook, :meth:`show` opens the page in a browser tab and
    :meth:`servable` marks it for ``panel serve``.
    """

    def __init__(self, experiment=None, **settings):
        import panel as pn

        from .experiment import Experiment
        from .ui import app as page

        if experiment is not None and settings:
            raise TypeError("give either an experiment or settings, not both")
        # In a notebook this also loads the page's JavaScript, which must include every Panel
        # extension the page uses (a server finds them by itself): the How-it-works dialog is a Modal.
        pn.extension(*getattr(page, "NOTEBOOK_EXTENSIONS", ("modal",)), notifications=False)
        from .ui import style

        style.install()  # the page's stylesheet, inline: a notebook has no asset route
        self.experiment = experiment if experiment is not None else Experiment(**settings)
        self.page = page.PlaygroundApp(None, self.experiment)
        self.layout = self.page.layout

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.layout._repr_mimebundle_(include, exclude)

    def play(self) -> None:
        """Start training live, as the page's play button does."""
        self.page.loop.play()

    def pause(self) -> None:
        self.page.loop.pause()

    def refresh(self) -> None:
        """Redraw every view from the experiment's current state."""
        self.page.loop.redraw()

    def show(self, **kwargs):
        """Open the page in a browser tab from a script (Panel's ``show``)."""
        return self.layout.show(**kwargs)

    def servable(self, title: str = "NN Playground"):
        return self.layout.servable(title=title)

    def __repr__(self) -> str:
        return f"playground.App(dataset={self.experiment.dataset!r}, epoch={self.experiment.epoch})"
