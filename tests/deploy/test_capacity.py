"""Seats: only a connected session holds one, every way of opening a session counts, and a full server
turns new visitors away politely until a seat frees.

Real server processes. Plain page GETs (curl, a crawler, a reload loop) build only a small holder and
take no seat; their sessions are discarded within seconds. Websocket-only clients (Bokeh's Python
client, which never loads the page) take seats like browsers and are refused beyond the cap.
"""
from urllib.parse import urljoin

import pytest

from .deploy_support import (health, http_get, open_app, playground_server, press_play, wait_trained,
                             wait_until)


def pull(url: str):
    """A websocket-only session, as ``bokeh.client.pull_session`` opens one (no page GET)."""
    from bokeh.client import pull_session

    import panel.models  # noqa: F401 - the client must know Panel's model types to read the document

    return pull_session(url=f"{url}/")


def test_plain_page_requests_take_no_seat_and_expire_within_seconds(tmp_path):
    with playground_server(tmp_path, "--max-sessions", "1", "--idle-timeout", "60") as url:
        for _ in range(5):
            status, headers, body = http_get(f"{url}/")
            assert status == 200 and "bokeh" in body.lower()
        report = health(url)
        assert report["sessions"] == 0 and report["pages_waiting"] == 5 and report["turned_away"] == 0
        wait_until(lambda: health(url)["pages_waiting"] == 0, 30, what="unconnected pages to be discarded")
        assert health(url, gc=True)["documents_alive"] == 0


def test_websocket_only_clients_take_seats_and_cannot_exceed_the_cap(tmp_path):
    with playground_server(tmp_path, "--max-sessions", "2", "--idle-timeout", "1.5") as url:
        first, second = pull(url), pull(url)
        assert health(url)["sessions"] == 2
        with pytest.raises(OSError):
            pull(url)  # refused before the handshake: the cap holds for clients that never load the page
        status, headers, _ = http_get(f"{url}/")
        assert status == 302 and urljoin(f"{url}/", headers["Location"]) == f"{url}/full"
        status, headers, page = http_get(f"{url}/full")
        assert status == 503 and int(headers["Retry-After"]) > 0
        assert "full" in page and 'http-equiv="refresh"' in page and "https://" not in page
        report = health(url)
        assert report["sessions"] == 2 and report["turned_away"] == 2 and report["max_sessions"] == 2

        first.close()
        wait_until(lambda: health(url)["sessions"] == 1, 30, what="the closed session's seat to free")
        third = pull(url)
        assert health(url)["sessions"] == 2
        for session in (second, third):
            session.close()
        wait_until(lambda: health(url)["sessions"] == 0, 30, what="every seat to free")
        status, _, _ = http_get(f"{url}/")
        assert status == 200


def test_ten_anonymous_page_requests_leave_a_real_visitor_able_to_play(tmp_path, browser):
    with playground_server(tmp_path, "--max-sessions", "3") as url:
        for _ in range(10):
            assert http_get(f"{url}/")[0] == 200
        context = browser.new_context()
        try:
            page = context.new_page()
            open_app(page, f"{url}/")
            press_play(page)
            assert wait_trained(page) > 0
            report = health(url)
            assert report["sessions"] == 1 and report["turned_away"] == 0
        finally:
            context.close()


def test_a_page_whose_seat_went_meanwhile_shows_the_full_page_not_a_blank_one(tmp_path, browser):
    """The seat is taken when the websocket opens: if the last one goes between a visitor's page
    request and its websocket, the refused page moves to the retrying "full" page by itself."""
    import threading
    import time

    with playground_server(tmp_path, "--max-sessions", "1", "--idle-timeout", "60") as url:
        context = browser.new_context()
        held = []
        try:
            page = context.new_page()
            page.route("**/static/js/bokeh.min.js*", lambda route: (time.sleep(4), route.continue_()))
            thief = threading.Thread(target=lambda: (time.sleep(1.5), held.append(pull(url))))
            thief.start()
            page.goto(f"{url}/", wait_until="commit")
            thief.join(30)
            page.wait_for_url(f"{url}/full", timeout=30_000)
            assert "The playground is full right now" in page.content()
        finally:
            context.close()
            for session in held:
                session.close()
