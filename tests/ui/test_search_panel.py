"""The Search tab's worker thread yields the CPU to the live pages."""
import os
import threading

from playground.ui.search_panel import lower_own_priority


def test_a_search_thread_takes_the_lowest_priority_and_only_itself():
    seen = {}

    def work():
        lower_own_priority()
        seen["worker"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen["worker"] == 19
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before  # the page's own thread keeps its
