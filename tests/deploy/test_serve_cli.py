"""``playground serve`` turns its knobs (flags or PLAYGROUND_* variables) into a valid ``panel serve`` line.

The command line is parsed by Panel's own ``serve`` parser, so a renamed or misspelt option fails
here rather than on a teacher's laptop.
"""
import argparse

import pytest

from playground.cli import build_parser
from playground.serve import panel_argv

ENV_KNOBS = ["PLAYGROUND_PORT", "PLAYGROUND_ADDRESS", "PLAYGROUND_ALLOWED_ORIGINS", "PLAYGROUND_NUM_PROCS",
             "PLAYGROUND_NUM_THREADS", "PLAYGROUND_MAX_SESSIONS", "PLAYGROUND_IDLE_TIMEOUT", "PLAYGROUND_PREFIX",
             "PLAYGROUND_BEHIND_PROXY", "PLAYGROUND_LOG_LEVEL", "PLAYGROUND_KIOSK", "PLAYGROUND_RESET_AFTER",
             "PLAYGROUND_PRESET"]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ENV_KNOBS:
        monkeypatch.delenv(name, raising=False)


def parse(*argv):
    return panel_argv(build_parser().parse_args(["serve", *argv]))


def values(argv, flag):
    return [argv[i + 1] for i, a in enumerate(argv) if a == flag]


def panel_options(argv):
    from panel.command.serve import Serve

    parser = argparse.ArgumentParser(prog="panel serve", exit_on_error=False)
    Serve(parser=parser)
    return parser.parse_args(argv[2:])


def test_defaults_serve_the_app_on_localhost_with_a_seat_limit():
    argv = parse()
    options = panel_options(argv)
    assert options.files[0].endswith("ui/server_app.py") and options.index == "server_app"
    assert (options.port, options.address) == (5006, "localhost")
    assert options.allow_websocket_origin == ["localhost:5006", "127.0.0.1:5006"]
    assert options.unused_session_lifetime == 60_000 and options.check_unused_sessions <= 10_000
    assert options.plugins == ["playground.capacity"]
    assert options.num_procs == 1 and options.num_threads is None and not options.use_xheaders


def test_every_knob_reaches_panel():
    argv = parse("--port", "7001", "--address", "0.0.0.0", "--allow-websocket-origin", "lab.example:7001",
                 "--allow-websocket-origin", "10.0.0.5:7001", "--num-procs", "3", "--num-threads", "4",
                 "--idle-timeout", "2.5", "--prefix", "playground/", "--behind-proxy",
                 "--session-token-expiration", "90", "--log-level", "warning")
    options = panel_options(argv)
    assert (options.port, options.address, options.num_procs, options.num_threads) == (7001, "0.0.0.0", 3, 4)
    assert options.allow_websocket_origin == ["lab.example:7001", "10.0.0.5:7001"]
    assert options.unused_session_lifetime == 2500 and options.check_unused_sessions == 1250
    assert options.prefix == "/playground" and options.use_xheaders
    assert options.session_token_expiration == 90 and options.log_level == "warning"


def test_environment_sets_the_knobs_a_container_needs(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_PORT", "8123")
    monkeypatch.setenv("PLAYGROUND_ALLOWED_ORIGINS", "school.example, school.example:8123 ,")
    monkeypatch.setenv("PLAYGROUND_MAX_SESSIONS", "7")
    monkeypatch.setenv("PLAYGROUND_IDLE_TIMEOUT", "30")
    monkeypatch.setenv("PLAYGROUND_NUM_THREADS", "2")
    args = build_parser().parse_args(["serve"])
    assert args.max_sessions == 7
    options = panel_options(panel_argv(args))
    assert options.port == 8123 and options.num_threads == 2
    assert options.allow_websocket_origin == ["school.example", "school.example:8123"]
    assert options.unused_session_lifetime == 30_000


def test_flags_override_the_environment(monkeypatch):
    monkeypatch.setenv("PLAYGROUND_ALLOWED_ORIGINS", "from-env.example")
    monkeypatch.setenv("PLAYGROUND_PORT", "8123")
    argv = parse("--port", "9000", "--allow-websocket-origin", "from-flag.example")
    assert values(argv, "--allow-websocket-origin") == ["from-flag.example"]
    assert values(argv, "--port") == ["9000"]


def test_a_listening_address_allows_the_names_browsers_reach_it_by(monkeypatch):
    assert values(parse("--address", "192.168.1.20"), "--allow-websocket-origin") == ["192.168.1.20:5006"]
    monkeypatch.setattr("playground.serve.this_machine_names", lambda: ["lab-pc", "192.168.1.20"])
    assert values(parse("--address", "0.0.0.0", "--port", "80"), "--allow-websocket-origin") == [
        "localhost:80", "127.0.0.1:80", "lab-pc:80", "192.168.1.20:80"]


def test_bad_environment_values_get_a_clear_error(monkeypatch, capsys):
    monkeypatch.setenv("PLAYGROUND_PORT", "eighty")
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve"])
    assert "--port: invalid int value: 'eighty'" in capsys.readouterr().err


@pytest.mark.parametrize("bad", [["--idle-timeout", "0"], ["--max-sessions", "-1"], ["--num-procs", "-2"]])
def test_nonsense_values_are_refused(bad):
    with pytest.raises(ValueError):
        parse(*bad)
