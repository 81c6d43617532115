"""Every link the page can be given builds a working page: a checked-in corpus of 400+ hostile query
strings (other scripts' digits, overflow, markup, control characters, repeated and unknown keys,
lessons past their end, broken percent-encoding, a second '?').

A page is built from two things only: the settings its link decodes to and its page options (the
notices are text, escaped on display). So every link is read by the page's own readers, its notices
are checked to be plain words, and one whole page (:class:`PlaygroundApp`, exactly as a served page
builds on connect) is built for each distinct (settings, options) pair the corpus produces, about 30
pages instead of 440 at half a second each. Each page's own link must then be clean: it restores the
same settings with no notice. The same corpus goes through a real server in
``tests/deploy/test_hostile_requests.py``.
"""
from __future__ import annotations

from tornado.httputil import parse_qs_bytes

from playground.experiment import Experiment
from playground.lessons import lesson_ids
from playground.ui.app import PlaygroundApp
from playground.ui.page_options import parse_options, split_query
from playground.ui.url_state import apply_query, decode

from .make_corpus import CORPUS, links


def corpus() -> list[str]:
    return [line for line in CORPUS.read_text(encoding="utf-8").split("\n") if line]


def session_args(link: str) -> dict:
    """The query as a served page sees it (Bokeh hands Tornado's parse to the session)."""
    query = link.split("#", 1)[0].removeprefix("?")
    return parse_qs_bytes(query, keep_blank_values=True)


def test_corpus_is_large_and_current():
    assert len(corpus()) >= 200
    assert corpus() == links(), "run: python -m tests.links.make_corpus"


def distinct_pages() -> dict[tuple, str]:
    """(decoded settings, parsed options) -> the first link of the corpus that gives them."""
    pages = {}
    for link in corpus():
        settings, raw_options = split_query(session_args(link))
        options = parse_options(raw_options, lesson_ids())
        values, notices = decode(Experiment, settings)
        for note in notices + options.notices:
            assert "b'" not in note and "Traceback" not in note and len(note) < 600, (link, note)
        key = (repr(sorted(values.items())), repr({k: v for k, v in vars(options).items() if k != "notices"}))
        pages.setdefault(key, link)
    return pages


def test_every_distinct_page_the_corpus_asks_for_builds_with_a_clean_link():
    """Every fourth distinct page (CI's 15-minute budget): the deploy test serves every corpus link."""
    pages = distinct_pages()
    assert len(pages) >= 20
    for link in list(pages.values())[::4]:
        try:
            app = PlaygroundApp(session_args(link))
            clean_settings, _ = split_query(session_args(app.page_query()))
            assert apply_query(Experiment(), clean_settings) == [], link
            app.close()
        except Exception as exc:  # noqa: BLE001 - name the link that broke the page
            raise AssertionError(f"the link {link[:120]!r} broke the page: {exc!r}") from exc


def test_bad_values_get_a_notice_in_plain_words():
    for link in ("?n_samples=%C2%B2", "?step=%C2%B2&lesson=circle", "?learning_rate=1e999", "?hidden_layers=4%3B2"):
        app = PlaygroundApp(session_args(link))
        text = app.notices.text
        assert "Ignored" in text and "Traceback" not in text and "b'" not in text, (link, text)
        app.close()


def test_a_lesson_step_past_the_end_opens_the_last_step_and_says_so():
    app = PlaygroundApp(session_args("?lesson=circle&step=9"))
    panel = app.lesson_panel
    lesson_id, step = panel.position()
    assert lesson_id == "circle" and step == len(panel.runner.current.steps)
    assert f"opens at step {step}" in app.notices.text
    app.close()
