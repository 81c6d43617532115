"""What both server benchmarks need to play a session without a browser, through Bokeh's Python client."""
from __future__ import annotations

import asyncio


def register_page_models() -> None:
    """Make the client able to decode the page: Panel's model types, including the lazily loaded Modal."""
    import panel.models  # noqa: F401
    import panel.models.esm  # noqa: F401
    import panel.models.modal  # noqa: F401

    import playground.ui.browser_bridge  # noqa: F401 - the page's JSComponent defines its data model on import


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


def wait_for_page(session, loop, timeout: float = 120) -> None:
    """Say the page is rendered (``DocumentReady``, as BokehJS does) and apply the server's patches to
    the client document until the playground has been built into it (a served page builds on
    connect, see ``playground.ui.app.served_page``)."""
    from bokeh.events import DocumentReady

    doc = session.document
    doc.callbacks.send_event(DocumentReady())

    async def pump():
        connection = session._connection
        while doc.get_model_by_name("readouts") is None:
            message = await connection._pop_message()
            if message is None:
                raise RuntimeError("the server closed the session before the page was built")
            if message.msgtype == "PATCH-DOC":
                message.apply_to_document(doc)

    loop.run_sync(lambda: asyncio.wait_for(pump(), timeout))
