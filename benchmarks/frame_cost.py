"""Per-frame server cost, in-process: what one live frame costs the server's event loop.

The live loop's frame is ``Experiment.step`` (train, then evaluate the frame: four forward passes)
followed by the page's ``render`` of every view inside ``pn.io.hold``. This measures exactly that,
with no browser and no websocket, so it answers "does a change make the frame do more work?" with
less noise than the end-to-end benchmarks (``load.py``, ``frame_rate.py``) on a shared machine.
Compare two versions by running it from each checkout in turn:

    python benchmarks/frame_cost.py                    # default page (quark/gluon, 4-2 network)
    python benchmarks/frame_cost.py --query dataset=spiral --query hidden_layers=8,8 --frames 300
"""
from __future__ import annotations

import argparse
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--frames", type=int, default=200, help="frames per timed run")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (the median is reported)")
    parser.add_argument("--query", action="append", default=[], metavar="NAME=VALUE",
                        help="a link setting for the page (repeatable)")
    args = parser.parse_args()

    import panel as pn

    from playground.ui.app import PlaygroundApp

    app = PlaygroundApp(dict(q.split("=", 1) for q in args.query))
    exp = app.experiment
    for _ in range(50):  # compiled kernels, caches, the first layout
        app.render(exp.step(1))
    runs = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for _ in range(args.frames):
            with pn.io.hold():
                app.render(exp.step(1))
        runs.append((time.perf_counter() - start) / args.frames * 1000)
    print(f"per frame (step + render): {statistics.median(runs):.3f} ms median "
          f"(runs: {', '.join(f'{r:.3f}' for r in runs)}); {exp.data_name}, layers {exp.spec.sizes}")


if __name__ == "__main__":
    main()
