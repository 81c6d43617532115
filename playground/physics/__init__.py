"""Quark/gluon jet simulation (Pythia 8 + FastJet, the ``physics`` extra) and jet-shape observables.

``settings`` and ``observables`` are plain Python/NumPy and always importable; only ``generate``
needs the extra, and it imports Pythia and FastJet inside its functions. Regenerate the shipped data
with ``python -m playground.physics --jets 40000 --seed 1 --out assets/``.
"""
