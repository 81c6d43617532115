// NN Playground, loaded by every served page before BokehJS builds it.
//
// A page request takes no seat: the seat is taken when the page's websocket opens. If the last seat
// went in between (a few students opening the page in the same second), the server refuses the
// websocket and BokehJS would leave the page blank. Then go to the "full" page instead, which says
// so and retries by itself.
(function () {
  "use strict";
  var left = false;
  function goFull() {
    if (left || (window.Bokeh && window.Bokeh.documents && window.Bokeh.documents.length)) return;
    left = true;
    window.location.replace("full");
  }
  // Watch the page's websockets: one that closes without ever opening was refused.
  var Native = window.WebSocket;
  window.WebSocket = new Proxy(Native, {
    construct: function (target, args) {
      var socket = Reflect.construct(target, args);
      var opened = false;
      socket.addEventListener("open", function () { opened = true; });
      socket.addEventListener("close", function () { if (!opened) goFull(); });
      return socket;
    }
  });
})();
