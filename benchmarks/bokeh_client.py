"""What both server benchmarks need to play a session without a browser, through Bokeh's Python client."""
from __future__ import annotations


def register_page_models() -> None:
    """Make the client able to decode the page: Panel's model types, including the lazily loaded Modal."""
    import panel.models  # noqa: F401
    import panel.models.modal  # noqa: F401


async def read_patches(session, on_patch) -> None:
    """Call ``on_patch(message)`` for each frame (PATCH-DOC message) the session receives, until it closes.

    A flat loop: Bokeh's own client loop recurses once per message and dies of a RecursionError
    after a few hundred frames. Frames are handed over, not applied to the client document.
    """
    connection = session._connection
    while True:
        message = await connection._pop_message()
        if message is None:
            return
        if message.msgtype == "PATCH-DOC":
            on_patch(message)
