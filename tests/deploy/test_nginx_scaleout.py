"""Scale-out as shipped: ``deploy/launch.py`` runs two ``playground serve`` processes behind Debian's nginx.

Checks the parts that make it work for a classroom: the rendered config is valid nginx; a browser's
route cookie keeps all its requests on one process while different browsers spread over both; the
websocket upgrade goes through, so every session opened through nginx trains; no session is built
twice (a websocket landing on the wrong process would create a second one); and stopping the
launcher stops everything it started.
"""
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys

import pytest

from playground.localhost import free_port

from .deploy_support import (REPO, health, http_get, open_app, press_play, stop, wait_trained,
                             wait_until)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
COOKIE = "playground_route"


def load_launcher():
    spec = importlib.util.spec_from_file_location("deploy_launch", REPO / "deploy" / "launch.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rendered_config_is_valid_nginx(tmp_path):
    launch = load_launcher()
    conf = tmp_path / "nginx.conf"
    conf.write_text(launch.render_nginx_conf("127.0.0.1:8080", [5101, 5102, 5103]))
    (tmp_path / "tmp").mkdir()
    text = conf.read_text()
    assert "{{" not in text and text.count("server 127.0.0.1:51") == 3
    assert "limit_req zone=playground_pages" in text and "limit_conn playground_conns" in text
    result = subprocess.run([NGINX, "-t", "-p", f"{tmp_path}/", "-c", str(conf)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    with pytest.raises(ValueError):
        launch.render_nginx_conf("8080", [])


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_sessions_through_nginx_stick_to_one_process_and_all_train(tmp_path, browser):
    listen, ports = free_port(), [free_port(), free_port()]
    proxy = f"http://127.0.0.1:{listen}"
    workers = [f"http://127.0.0.1:{p}" for p in ports]
    log = open(tmp_path / "launch.out", "wb")
    launcher = subprocess.Popen(
        [sys.executable, str(REPO / "deploy" / "launch.py"), "--listen", f"127.0.0.1:{listen}",
         "--ports", ",".join(map(str, ports)), "--workdir", str(tmp_path / "work"), "--nginx", NGINX,
         "--", "--max-sessions", "0"],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=REPO, start_new_session=True)
    log.close()
    try:
        def ready():
            assert launcher.poll() is None, (tmp_path / "launch.out").read_text()
            return health(proxy)
        wait_until(ready, 240, what="nginx and both workers")
        pids = {health(w)["pid"]: w for w in workers}
        assert len(pids) == 2

        # A first visit gets a route cookie; a browser that has one is not given another.
        _, headers, _ = http_get(f"{proxy}/health")
        assert headers["Set-Cookie"].startswith(f"{COOKIE}=")
        _, headers, _ = http_get(f"{proxy}/health", {"Cookie": f"{COOKIE}=x"})
        assert "Set-Cookie" not in headers

        # Same cookie, same process, every time; different cookies reach both processes.
        route = {}
        for key in (f"visitor-{i}" for i in range(24)):
            seen = {health(proxy, headers={"Cookie": f"{COOKIE}={key}"})["pid"] for _ in range(3)}
            assert len(seen) == 1, f"cookie {key} was served by {seen}"
            route[key] = seen.pop()
        assert set(route.values()) == set(pids)
        pinned = [next(k for k, pid in route.items() if pid == wanted) for wanted in pids]

        # Four browsers (own cookie jars): two pinned to each process, two routed by nginx's cookie.
        pages = []
        for key in [*pinned, None, None]:
            context = browser.new_context()
            if key:
                context.add_cookies([{"name": COOKIE, "value": key, "url": proxy}])
            page = context.new_page()
            open_app(page, f"{proxy}/")
            pages.append(page)
        for page in pages:
            press_play(page)
        for page in pages:
            assert wait_trained(page) > 0
        for page in pages[2:]:
            assert any(c["name"] == COOKIE for c in page.context.cookies())

        sessions = [health(w)["sessions"] for w in workers]
        assert sum(sessions) == len(pages), f"sessions per process {sessions}: one was built twice"
        assert min(sessions) >= 1
        for page in pages:
            page.context.close()

        # A script hammering the page from one address is slowed to nginx's rate: 429s, not new pages.
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(16) as pool:
            codes = list(pool.map(lambda _: http_get(f"{proxy}/")[0], range(120)))
        assert codes.count(429) >= 30 and 200 in codes, codes
    finally:
        if launcher.poll() is None:
            launcher.send_signal(signal.SIGTERM)
            try:
                launcher.wait(40)
            except subprocess.TimeoutExpired:
                pass
        stop(launcher)
        left_running = [p for p in [listen, *ports] if port_open(p)]
        try:
            os.killpg(launcher.pid, signal.SIGKILL)  # only the group this test started, if anything is left
        except ProcessLookupError:
            pass
    assert launcher.returncode == 0, (tmp_path / "launch.out").read_text()
    assert not left_running, f"launcher left servers on ports {left_running}"
