"""Regenerate the shipped quark/gluon jets: ``python -m playground.physics --jets 40000 --seed 1 --out assets/``.

Needs the physics extra (``pip install .[physics]``). Prints a progress bar and, at the end, a short
summary; the full record goes to the provenance JSON next to the data.
"""
from __future__ import annotations

import argparse
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playground.physics", description=__doc__.splitlines()[0])
    parser.add_argument("--jets", type=int, default=40000, help="total jets, half quark and half gluon (even)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the whole run")
    parser.add_argument("--out", default="assets", help="output folder")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--chunk", type=int, default=500, help="jets per task (one Pythia instance each)")
    parser.add_argument("--constituent-jets", type=int, default=None,
                        help="jets per kind that keep their constituents (default from settings)")
    parser.add_argument("--heavy-flavours", action="store_true",
                        help="quark jets from c and b quarks too (default: u, d, s as the public benchmark)")
    parser.add_argument("--check-jets", type=int, default=None,
                        help="jets per kind for the pTHatMin check with a lower generator cut (default from "
                             "settings; 0 skips it)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        from .generate import generate, write_outputs
        import pythia8mc  # noqa: F401
        import fastjet  # noqa: F401
    except ImportError as exc:
        print(f"The generator needs the physics extra: pip install '.[physics]' ({exc})", file=sys.stderr)
        return 2
    result = generate(args.jets, args.seed, workers=args.workers, chunk=args.chunk,
                      constituent_jets=args.constituent_jets, progress=not args.no_progress,
                      heavy_flavours=args.heavy_flavours, check_jets=args.check_jets)
    paths = write_outputs(result, args.out)
    prov = result["provenance"]
    print(f"{prov['jets']['total']} jets ({prov['jets']['gluon']} gluon, {prov['jets']['quark']} quark) from "
          f"{sum(prov['events'].values())} events in {prov['seconds_wall']:.0f} s")
    check = prov["bias_check"]
    for kind in ("gluon", "quark"):
        if kind in check:
            c = check[kind]
            print(f"  pTHatMin check, {kind}: {c['fraction']:.2%} ± {c['fraction_error']:.2%} of jets from below "
                  f"{check['shipped_pthat_min_gev']:.0f} GeV; pT spectrum chi2 {c['pt_spectrum']['chi2']} / "
                  f"{c['pt_spectrum']['ndf']}")
    for path in paths.values():
        print(f"  {path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
