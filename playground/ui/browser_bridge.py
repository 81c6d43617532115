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

* ``report_touches`` / ``touched``: a booth page's idle clock. Any pointer, touch, key or wheel
  event anywhere on the page sets ``touched`` (a timestamp), at most once a second.
* ``share``: a link's query; when set, the component shows the whole link (this page's address with
  that query) in a read-only box with a "Copy link" button (the clipboard, or a selected box to
  copy by hand where the browser refuses the clipboard).
* ``report_width`` / ``width_px``: the window's width in CSS pixels, reported when the page opens
  and after the window is resized (at most every 300 ms): a wide screen gets larger pictures.
* ``relayout``: a counter; each step makes every plot fit its box again. Plots follow their own
  size changes, but when only the page's text size (a CSS variable) changes, the page's root keeps
  its size and BokehJS 3.9 leaves the canvases at their old size (private: ``Bokeh.index``).

And two fixes to how BokehJS draws widgets, applied once per page (private BokehJS/Panel structure:
``Bokeh.Models`` and a view's ``render``; each checked by a browser test in ``tests/browser``):

* **Buttons.** BokehJS re-renders a button whenever its label, colour or ``disabled`` changes,
  which replaces the focused ``<button>`` (a keyboard user pressing Enter on Play found the focus
  gone and could not pause), and Panel 1.9's view adds two hover listeners to its host on *every*
  render (a booth screen gained 8 listeners per visitor, about a thousand an hour). The patch puts
  the focus back on the new element and lets each view add its listeners once.
* **Checkboxes.** BokehJS draws a checkbox as an ``<input>`` followed by a ``<div>`` of text (Panel
  issue #7106): a screen reader announces an unnamed box, and tapping the words does nothing, which
  on a touch screen leaves a 13-pixel target. The patch wraps each pair in a ``<label>``.

* **Tabs.** BokehJS draws tab headers as plain ``<div>``s: a screen reader hears no tabs, and a
  keyboard user can focus a tab but not open it. The patch gives them the ARIA tab roles (``tablist``,
  ``tab``, ``aria-selected``) and opens a focused tab with Enter or Space.

The component draws nothing but the upload button (or a share link); place it anywhere on the page.
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
    report_touches = param.Boolean(default=False, doc="Report touches, clicks and keys anywhere (booth idle clock).")
    touched = param.Integer(default=0, doc="When the page was last touched (ms since 1970), once a second at most.")
    relayout = param.Integer(default=0, doc="Bump to make every plot fit its (CSS-sized) box again.")
    report_width = param.Boolean(default=False, doc="Report the window's width (and each resize).")
    share = param.String(default="", doc="A link's query to show whole, with a copy button ('': none).")
    width_px = param.Integer(default=0, doc="The window's width in CSS pixels (0: not reported).")

    _esm = """
    function deepActive() {
      let el = document.activeElement
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement
      return el
    }

    function fixButtons() {
      const Button = window.Bokeh?.Models?.get?.("panel.models.widgets.Button")
      const View = Button?.prototype?.default_view
      if (View == null || View.prototype.__pg_buttons) return
      const render = View.prototype.render
      View.prototype.render = function () {
        const focused = this.button_el != null && deepActive() === this.button_el
        if (!this.__pg_hover_bound) {
          this.__pg_hover_bound = true
          render.call(this)
        } else {
          const add = this.el.addEventListener
          this.el.addEventListener = function (type, ...rest) {
            if (type !== "mouseenter" && type !== "mouseleave") add.call(this, type, ...rest)
          }
          try { render.call(this) } finally { delete this.el.addEventListener }
        }
        if (focused) this.button_el?.focus({preventScroll: true})
      }
      View.prototype.__pg_buttons = true
      for (const doc of window.Bokeh.documents ?? [])  // buttons drawn before the patch have theirs
        for (const model of doc.all_models)
          if (model instanceof Button) {
            const view = window.Bokeh.index?.find_one?.(model)
            if (view != null) view.__pg_hover_bound = true
          }
    }

    function labelCheckboxes() {
      const wrap = (view) => {
        const box = view.checkbox_el, text = view.label_el
        if (box == null || text == null || box.parentElement?.tagName === "LABEL") return
        const label = document.createElement("label")
        label.style.cssText = "display:inline-flex;align-items:center;gap:4px;cursor:pointer"
        box.replaceWith(label)
        label.append(box, text)
      }
      const Checkbox = window.Bokeh?.Models?.get?.("Checkbox")
      const View = Checkbox?.prototype?.default_view
      if (View == null || View.prototype.__pg_labelled) return
      const render = View.prototype.render
      View.prototype.render = function () { render.call(this); wrap(this) }
      View.prototype.__pg_labelled = true
      for (const doc of window.Bokeh.documents ?? [])  // checkboxes drawn before the patch
        for (const model of doc.all_models)
          if (model instanceof Checkbox) {
            const view = window.Bokeh.index?.find_one?.(model)
            if (view != null) wrap(view)
          }
    }

    function roleTabs() {
      const mark = (view) => {
        const wrapper = view.headers_wrapper_el, headers = view.header_els ?? []
        if (wrapper == null) return
        if (!view.__pg_follows) {  // aria-selected follows the open tab, however it was opened
          view.__pg_follows = true
          view.connect(view.model.properties.active.change, () => mark(view))
        }
        wrapper.setAttribute("role", "tablist")
        headers.forEach((el, i) => {
          el.setAttribute("role", "tab")
          el.setAttribute("aria-selected", String(i === view.model.active))
          if (!el.__pg_keys) {
            el.__pg_keys = true
            el.addEventListener("keydown", (event) => {
              if (event.key === "Enter" || event.key === " ") { event.preventDefault(); view.change_active(i) }
            })
          }
        })
      }
      const Tabs = window.Bokeh?.Models?.get?.("Tabs")
      const View = Tabs?.prototype?.default_view
      if (View == null || View.prototype.__pg_tabs) return
      const headers = View.prototype._update_headers, active = View.prototype.update_active
      View.prototype._update_headers = function () { headers.call(this); mark(this) }
      View.prototype.update_active = function () { active.call(this); mark(this) }
      View.prototype.__pg_tabs = true
      for (const view of window.Bokeh.index?.all_views?.() ?? [])  // tabs drawn before the patch
        if (view instanceof View) mark(view)
    }

    function reportTouches(model) {
      if (window.__pg_touch) return
      window.__pg_touch = true
      let last = 0
      const report = () => {
        const now = Date.now()
        if (now - last < 1000) return
        last = now
        model.touched = now
      }
      for (const kind of ["pointerdown", "touchstart", "keydown", "wheel"])
        document.addEventListener(kind, report, {capture: true, passive: true})
    }

    function relayoutPlots() {
      const index = window.Bokeh?.index
      const views = index?.all_views ? [...index.all_views()] : []
      for (const view of views)
        if (view.model?.type === "Figure" && typeof view.invalidate_layout === "function")
          view.invalidate_layout()
    }

    export function render({ model, el }) {
      for (const [fix, what] of [[fixButtons, "button"], [labelCheckboxes, "checkbox"], [roleTabs, "tabs"]])
        try { fix() } catch (e) { console.warn(`playground: ${what} patch skipped`, e) }
      if (model.report_touches) reportTouches(model)
      if (model.report_width && !window.__pg_width) {
        window.__pg_width = true
        let timer = null
        const report = () => { if (model.width_px !== window.innerWidth) model.width_px = window.innerWidth }
        window.addEventListener("resize", () => { clearTimeout(timer); timer = setTimeout(report, 300) })
        report()
      }
      const writeAddress = () => {
        if (model.address && window.location.search !== model.address)
          window.history.replaceState(window.history.state, "", model.address)
      }
      model.on("address", writeAddress)
      writeAddress()
      // twice: once the new sizes are laid out, and again once the boxes around the plots settled
      model.on("relayout", () => {
        requestAnimationFrame(() => requestAnimationFrame(relayoutPlots))
        setTimeout(relayoutPlots, 400)
      })
      if (model.share) {
        const box = document.createElement("input")
        box.type = "text"
        box.readOnly = true
        box.className = "pg-share-link"
        box.setAttribute("aria-label", "Link to share")
        const copy = document.createElement("button")
        copy.type = "button"
        copy.className = "pg-share-copy"
        copy.textContent = "Copy link"
        const show = () => { box.value = window.location.origin + window.location.pathname + model.share }
        copy.addEventListener("click", async () => {
          box.select()
          try { await navigator.clipboard.writeText(box.value); copy.textContent = "Copied ✓" }
          catch (e) { copy.textContent = document.execCommand?.("copy") ? "Copied ✓" : "Select and copy" }
          setTimeout(() => { copy.textContent = "Copy link" }, 2000)
        })
        model.on("share", show)
        show()
        el.append(box, copy)
        return
      }
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
