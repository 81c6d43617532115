"""A full server turns new visitors away politely and takes them again once a seat frees.

Real server process, plain HTTP: loading the page creates a session (the app is built), a second
load over the limit is redirected to a 503 "full" page that retries by itself, and when the first
session has gone unused for ``--idle-timeout`` its seat and its document are freed.
"""
from urllib.parse import urljoin

from .deploy_support import health, http_get, playground_server, wait_until


def test_full_server_sends_visitors_to_a_retrying_page_until_a_seat_frees(tmp_path):
    with playground_server(tmp_path, "--max-sessions", "1", "--idle-timeout", "1.5") as url:
        status, _, body = http_get(f"{url}/")
        assert status == 200 and "bokeh" in body.lower()
        assert health(url)["sessions"] == 1

        status, headers, _ = http_get(f"{url}/")
        assert status == 302 and urljoin(f"{url}/", headers["Location"]) == f"{url}/full"
        status, headers, page = http_get(f"{url}/full")
        assert status == 503 and int(headers["Retry-After"]) > 0
        assert "full" in page and 'http-equiv="refresh"' in page and "https://" not in page
        report = health(url)
        assert report["sessions"] == 1 and report["turned_away"] == 1 and report["max_sessions"] == 1

        wait_until(lambda: health(url)["sessions"] == 0, 30, what="the unused session to be discarded")
        assert health(url, gc=True)["documents_alive"] == 0
        status, _, _ = http_get(f"{url}/")
        assert status == 200
        assert health(url)["sessions"] == 1
