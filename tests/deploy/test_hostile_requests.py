"""A link cannot make the page load code from another host, and the server answers only the routes the
app needs.

A loopback "attacker" serves ``bokeh.min.js`` (and anything else) as a script that records an
``alert``; the app's server is asked, in every way Bokeh and Panel understand, to take its scripts
from there. The attacker's host appears nowhere in what the server sends, the attacker receives no
request, and no dialog opens in a real Chromium.
"""
import http.server
import threading

import pytest

from playground.localhost import free_port
from playground.request_guard import CONTENT_SECURITY_POLICY, refusal

from .deploy_support import http_get, open_app, playground_server


class Attacker(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802 - http.server's name
        Attacker.hits.append(self.path)
        body = b"alert('injected from ' + location.href)"
        self.send_response(200)
        self.send_header("Content-Type", "application/javascript")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def attacker():
    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Attacker)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    with playground_server(tmp_path_factory.mktemp("hostile")) as base_url:
        yield base_url


def hostile_requests(evil: str) -> list[str]:
    return [f"/?bokeh-absolute-url=http://{evil}/", f"/?dataset=circle&bokeh-absolute-url=http://{evil}/",
            f"/?BOKEH-ABSOLUTE-URL=http://{evil}/", f"/server_app?bokeh-absolute-url=http://{evil}/",
            f"/autoload.js?bokeh-autoload-element=x&bokeh-absolute-url=http://{evil}/",
            f"/autoload.js?bokeh-autoload-element=x&bokeh-app-path=/&bokeh-absolute-url=http://{evil}/server_app",
            f"/ws?bokeh-absolute-url=http://{evil}/", f"/?bokeh-session-id=abc", f"/?bokeh_resources=cdn"]


def test_refusal_rules_without_a_server():
    assert refusal("/", [b"dataset", b"noise"]) is None
    assert refusal("/static/js/bokeh.min.js", ["v"]) is None
    assert refusal("/", [b"bokeh-absolute-url"])[0] == 400
    assert refusal("/", ["Bokeh_Resources"])[0] == 400
    for path in ("/autoload.js", "/metadata", "/server_app", "/server_app/autoload.js", "/admin", "/rest/x"):
        assert refusal(path, [])[0] == 404, path
    assert refusal("/playground/", [], "/playground") is None and refusal("/", [], "/playground")[0] == 404
    assert refusal("/playground/ws", [], "/playground") is None


def request(path="/ws", **headers):
    from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

    return HTTPServerRequest(start_line=RequestStartLine("GET", path, "HTTP/1.1"),
                             headers=HTTPHeaders({"Host": "localhost:5006", **headers}))


def test_only_a_handshake_bokeh_would_accept_takes_a_seat():
    """A forged or cross-site handshake must not hold a seat until it times out."""
    import time

    from bokeh.util.token import generate_jwt_token

    from playground.capacity import Seats
    from playground.request_guard import Guard

    seats = Seats()
    seats.max_sessions = 1
    guard = Guard(seats, origins={"localhost:5006"})
    good = generate_jwt_token("abc", expiration=300)
    expired = generate_jwt_token("old", expiration=-10)
    upgrade = {"Upgrade": "websocket", "Origin": "http://localhost:5006"}
    for headers in ({"Sec-WebSocket-Protocol": f"bokeh, {good}"},  # no upgrade
                    {**upgrade, "Origin": "http://evil.example", "Sec-WebSocket-Protocol": f"bokeh, {good}"},
                    {**upgrade, "Sec-WebSocket-Protocol": f"bokeh, {expired}"},
                    {**upgrade, "Sec-WebSocket-Protocol": "bokeh, not-a-token"},
                    {**upgrade, "Sec-WebSocket-Protocol": "bokeh, eyJzZXNzaW9uX2lkIjpbMV19.e30.x"}):  # id a list
        assert guard.check(request(**headers)) is None and seats.open_sessions == 0, headers
    assert guard.check(request(**upgrade, **{"Sec-WebSocket-Protocol": f"bokeh, {good}"})) is None
    assert seats.open_sessions == 1
    other = generate_jwt_token("def", expiration=300)
    assert guard.check(request(**upgrade, **{"Sec-WebSocket-Protocol": f"bokeh, {other}"}))[0] == 503


def test_bokeh_options_smuggled_in_headers_or_a_body_are_refused():
    from playground.capacity import Seats
    from playground.request_guard import Guard

    guard = Guard(Seats())
    assert guard.check(request("/", **{"Bokeh-Session-Id": "someone-elses"}))[0] == 400
    assert guard.check(request("/", **{"Content-Length": "30"}))[0] == 400
    assert guard.check(request("/")) is None and guard.check(request("/favicon.ico")) is None


def test_server_options_in_a_link_are_refused_everywhere(url, attacker):
    Attacker.hits.clear()
    for path in hostile_requests(attacker):
        status, headers, body = http_get(url + path)
        assert status == 400, (path, status)
        assert attacker not in body and "evil" not in body
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert Attacker.hits == []


def test_only_the_routes_the_app_needs_are_served(url):
    for path in ("/autoload.js", "/server_app", "/server_app/autoload.js", "/metadata", "/liveness",
                 "/rest/session_info", "/admin", "/components/x.js"):
        status, _, _ = http_get(url + path)
        assert status == 404, (path, status)
    status, headers, body = http_get(url + "/")
    assert status == 200 and "bokeh" in body.lower()
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "http" not in CONTENT_SECURITY_POLICY


def test_a_hostile_link_runs_no_foreign_script_in_a_browser(url, attacker, browser):
    Attacker.hits.clear()
    context = browser.new_context()
    dialogs = []
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in hostile_requests(attacker)[:5]:
            page.goto(url + path)
            page.wait_for_timeout(500)
            assert "not accepted" in page.content() or "Nothing here" in page.content()
        open_app(page, f"{url}/?dataset=circle")  # the page itself still works
    finally:
        context.close()
    assert dialogs == [] and Attacker.hits == []


def test_every_corpus_link_gets_a_page_and_the_server_logs_no_error(tmp_path):
    from playground.localhost import LocalServer

    from ..links.test_hostile_links import corpus

    with LocalServer(log_dir=tmp_path, startup_timeout=180) as server:
        for link in corpus():
            status, _, body = http_get(server.base_url + "/" + link)
            assert status == 200 and "bokeh" in body.lower(), (link, status)
        log = server.log_text()
    assert "Traceback" not in log and " ERROR " not in log, log[-3000:]


@pytest.mark.parametrize("link", ["?n_samples=%C2%B2", "?lesson=circle&step=9", "?%ff=1&dataset=%ZZ&learning_rate=0,1"])
def test_a_hostile_link_opens_a_live_page_whose_address_bar_keeps_up(url, browser, link):
    context = browser.new_context()
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        open_app(page, f"{url}/{link}")
        page.wait_for_function("() => location.search.includes('seed=1')", timeout=30_000)
        page.get_by_role("button", name="Reset").first.click()
        page.wait_for_function("() => location.search.includes('seed=2')", timeout=30_000)
        assert errors == []
    finally:
        context.close()
