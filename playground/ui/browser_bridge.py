"""What the page does in the browser itself, in one Panel ``JSComponent``.

Why one component: browser-side behaviour written as scattered snippets (a CustomJS here, a
prototype patch there) is hard to find and to test. Everything the server asks of the browser that
no widget does goes through :class:`BrowserBridge`:

* ``address``: the shareable link of what is on screen, written into the address bar with
  ``history.replaceState``. Panel's own ``Location`` is not used: it parses the page's query string
  on the server with rules of its own (``?x=²`` made it raise before the page existed, and a second
  ``?`` stopped the address bar from updating), while the app reads the query once, with its own
  checks (:mod:`playground.ui.url_state`), and only ever writes it afterwards.
* ``max_upload_bytes`` / ``upload``: the CSV upload. The browser checks the file's size before
  anything is sent (a 50 MB file used to kill the websocket on Bokeh's message limit, with no
  notice); a file within the limit arrives as base64 text in ``upload`` (``{name, data}``), a file
  over it as ``{name, size}`` so the page can say so in the visitor's terms.

* a fix for Panel 1.9's ``Button``: its view adds two hover listeners (for its tooltip) to its
  host element on *every* render, and BokehJS re-renders a button whenever its label, colour or
  ``disabled`` changes, so a booth screen gained 8 listeners per visitor (Play/Pause twice) and
  about a thousand an hour. The patch lets each view add them once. (Private BokehJS/Panel
  structure: ``Bokeh.Models`` and the view's ``render``; checked in ``tests/browser``.)

The component draws nothing but the upload button; place it anywhere on the page.
"""
from __future__ import annotations

import param
from panel.custom import JSComponent


class BrowserBridge(JSComponent):
    address = param.String(default="", doc="The page's link (query part); written to the address bar.")
    max_upload_bytes = param.Integer(default=0, doc="Largest upload the browser may send; 0 = no upload button.")
    upload_label = param.String(default="Choose a CSV file…")
    upload = param.Dict(default={}, doc="The last file chosen: {name, data (base64)} or {name, size} if too big.")
    locked = param.Boolean(default=False, doc="Shown but not usable (a teacher's lock).")

    _esm = """
    function hoverListenersOnce() {
      const Button = window.Bokeh?.Models?.get?.("panel.models.widgets.Button")
      const View = Button?.prototype?.default_view
      if (View == null || View.prototype.__pg_hover_once) return
      const render = View.prototype.render
      View.prototype.render = function () {
        if (!this.__pg_hover_bound) {
          this.__pg_hover_bound = true
          return render.call(this)
        }
        const add = this.el.addEventListener
        this.el.addEventListener = function (type, ...rest) {
          if (type !== "mouseenter" && type !== "mouseleave") add.call(this, type, ...rest)
        }
        try { render.call(this) } finally { delete this.el.addEventListener }
      }
      View.prototype.__pg_hover_once = true
      for (const doc of window.Bokeh.documents ?? [])  // buttons drawn before the patch have theirs
        for (const model of doc.all_models)
          if (model instanceof Button) {
            const view = window.Bokeh.index?.find_one?.(model)
            if (view != null) view.__pg_hover_bound = true
          }
    }

    export function render({ model, el }) {
      try { hoverListenersOnce() } catch (e) { console.warn("playground: button patch skipped", e) }
      const writeAddress = () => {
        if (model.address && window.location.search !== model.address)
          window.history.replaceState(window.history.state, "", model.address)
      }
      model.on("address", writeAddress)
      writeAddress()
      if (!model.max_upload_bytes) return
      const input = document.createElement("input")
      input.type = "file"
      input.accept = ".csv,text/csv"
      input.className = "pg-upload-input"
      input.setAttribute("aria-label", model.upload_label)
      const lock = () => { input.disabled = model.locked }
      model.on("locked", lock)
      lock()
      input.addEventListener("click", () => { input.value = "" })  // the same file again is a new choice
      input.addEventListener("change", () => {
        const file = input.files && input.files[0]
        if (!file) return
        if (file.size > model.max_upload_bytes) {
          model.upload = {name: file.name, size: file.size, stamp: Date.now()}
          return
        }
        const reader = new FileReader()
        reader.onload = () => {
          const url = String(reader.result)
          model.upload = {name: file.name, size: file.size, data: url.slice(url.indexOf(",") + 1), stamp: Date.now()}
        }
        reader.readAsDataURL(file)
      })
      el.append(input)
    }
    """
