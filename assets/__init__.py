"""Data files the app ships (installed as ``playground.assets``); each one is produced by code in this repo."""
