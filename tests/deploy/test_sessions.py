"""Visitors on one server do not share a network, nobody waits for compilation, and a closed tab
gives its memory back.

Two browsers (separate cookie jars) open the app; only one presses Play, and only that one trains,
without any Numba kernel being compiled after the server's start-up warm. After both tabs close,
the server discards their sessions within the idle timeout and, after a garbage collection, no
document of theirs is still alive (a leak here grows with every visitor).
"""
from .deploy_support import epoch, health, open_app, playground_server, press_play, wait_trained, wait_until


def test_sessions_train_independently_and_are_freed_on_close(tmp_path, browser):
    with playground_server(tmp_path, "--idle-timeout", "1", "--max-sessions", "0") as url:
        contexts = [browser.new_context(), browser.new_context()]
        player, watcher = (context.new_page() for context in contexts)
        open_app(player, f"{url}/")
        open_app(watcher, f"{url}/")
        assert health(url)["sessions"] == 2

        press_play(player)
        first = wait_trained(player)
        wait_until(lambda: epoch(player) > first, 60, what="training to continue")
        assert epoch(watcher) == 0, "the other visitor's network trained too"
        assert health(url)["compiled_while_serving"] == [], "a visitor waited for kernels the warm-up missed"

        for context in contexts:
            context.close()
        wait_until(lambda: health(url)["sessions"] == 0, 60, what="closed sessions to be discarded")
        wait_until(lambda: health(url, gc=True)["documents_alive"] == 0, 30, interval=1,
                   what="closed sessions' documents to be garbage collected")
