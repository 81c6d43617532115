"""``playground serve`` turns its knobs (flags or PLAYGROUND_* variables) into the options of Panel's
``get_server``.

The options are checked against the signatures of ``get_server`` and Bokeh's ``BokehTornado`` and
server options, so a renamed or misspelt option fails here rather than on a teacher's laptop.
"""
import inspect

import pytest

from playground.cli import build_parser
from playground.serve import server_options

ENV_KNOBS = ["PLAYGROUND_PORT", "PLAYGROUND_ADDRESS", "PLAYGROUND_ALLOWED_ORIGINS", "PLAYGROUND_NUM_PROCS",
             "PLAYGROUND_NUM_THREADS", "PLAYGROUND_MAX_SESSIONS", "PLAYGROUND_IDLE_TIMEOUT", "PLAYGROUND_PREFIX",
             "PLAYGROUND_BEHIND_PROXY", "PLAYGROUND_LOG_LEVEL", "PLAYGROUND_KIOSK", "PLAYGROUND_RESET_AFTER",
             "PLAYGROUND_PRESET"]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ENV_KNOBS:
        monkeypatch.delenv(name, raising=False)


def parse(*argv):
    return server_options(build_parser().parse_args(["serve", *argv]))


def accepted_options() -> set[str]:
    """Every keyword ``get_server`` passes on: its own, Bokeh's server options and BokehTornado's."""
    from bokeh.server.server import _ServerOpts
    from bokeh.server.tornado import BokehTornado
    from panel.io.server import get_server

    names = set(inspect.signature(get_server).parameters) | set(inspect.signature(BokehTornado).parameters)
    return names | set(_ServerOpts.properties()) | {"websocket_max_message_size"}


def test_defaults_serve_the_app_on_localhost():
    options = parse()
    assert set(options) <= accepted_options(), set(options) - accepted_options()
    assert (options["port"], options["address"]) == (5006, "localhost")
    assert options["websocket_origin"] == ["localhost:5006", "127.0.0.1:5006"]
    assert options["unused_session_lifetime_milliseconds"] == 60_000
    assert options["check_unused_sessions_milliseconds"] <= 1000  # pages that never connect go in seconds
    assert [route for route, _ in options["extra_patterns"]] == ["/health", "/full"]
    assert options["num_procs"] == 1 and not options["use_xheaders"] and options["prefix"] == ""


def test_every_knob_reaches_the_server():
    options = parse("--port", "7001", "--address", "0.0.0.0", "--allow-websocket-origin", "lab.example:7001",
                    "--allow-websocket-origin", "10.0.0.5:7001", "--num-procs", "3", "--num-threads", "4",
                    "--idle-timeout", "2.5", "--prefix", "playground/", "--behind-proxy",
                    "--session-token-expiration", "90", "--log-level", "warning")
    assert (options["port"], options["address"], options["num_procs"]) == (7001, "0.0.0.0", 3)
    assert options["websocket_origin"] == ["lab.example:7001", "10.0.0.5:7001"]
    assert options["unused_session_lifetime_milliseconds"] == 2500
    assert options["prefix"] == "/playground" and options["use_xheaders"]
    assert options["session_token_expiration"] == 90


def test_environment_sets_the_knobs_a_container_needs(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_PORT", "8123")
    monkeypatch.setenv("PLAYGROUND_ALLOWED_ORIGINS", "school.example, school.example:8123 ,")
    monkeypatch.setenv("PLAYGROUND_MAX_SESSIONS", "7")
    monkeypatch.setenv("PLAYGROUND_IDLE_TIMEOUT", "30")
    monkeypatch.setenv("PLAYGROUND_NUM_THREADS", "2")
    args = build_parser().parse_args(["serve"])
    assert args.max_sessions == 7 and args.num_threads == 2
    options = server_options(args)
    assert options["port"] == 8123
    assert options["websocket_origin"] == ["school.example", "school.example:8123"]
    assert options["unused_session_lifetime_milliseconds"] == 30_000


def test_flags_override_the_environment(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_ALLOWED_ORIGINS", "from-env.example")
    monkeypatch.setenv("PLAYGROUND_PORT", "8123")
    options = parse("--port", "9000", "--allow-websocket-origin", "from-flag.example")
    assert options["websocket_origin"] == ["from-flag.example"] and options["port"] == 9000


def test_a_listening_address_allows_the_names_browsers_reach_it_by(monkeypatch):
    assert parse("--address", "192.168.1.20")["websocket_origin"] == ["192.168.1.20:5006"]
    monkeypatch.setattr("playground.serve.this_machine_names", lambda: ["lab-pc", "192.168.1.20"])
    assert parse("--address", "0.0.0.0", "--port", "80")["websocket_origin"] == [
        "localhost:80", "127.0.0.1:80", "lab-pc:80", "192.168.1.20:80"]


def test_bad_environment_values_get_a_clear_error(monkeypatch, capsys):
    monkeypatch.setenv("PLAYGROUND_PORT", "eighty")
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve"])
    assert "--port: invalid int value: 'eighty'" in capsys.readouterr().err


@pytest.mark.parametrize("bad", [["--idle-timeout", "0"], ["--max-sessions", "-1"], ["--num-procs", "-2"],
                                 ["--num-threads", "-1"]])
def test_nonsense_values_are_refused(bad):
    with pytest.raises(ValueError):
        parse(*bad)
