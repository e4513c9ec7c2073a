/* The participant page after its connection dropped: reconnect to the same kernel, or say so with one button.

   What Voila 0.5.13's page does by itself (its widget manager, @voila-dashboards/widgets-manager8, on
   @jupyterlab/services 7.2): it opens one KernelConnection to the page's kernel. When the open websocket
   closes, it reconnects after a random delay that grows from 0-1 s to 0-63 s, at most 7 times, and then
   stays "disconnected". When a new socket cannot even open, it first asks the server for the kernel
   (GET api/kernels/<id>): no network, and it asks again after 10-30 s for as long as that takes; the kernel
   is there, and it tries the socket again; the kernel is gone (404), and the attempts above run out.
   Clicks made meanwhile are queued. In none of these cases does the page show anything: a phone that slept
   past culling, or a page whose kernel went with a restart of the workshop, looks fine but no longer
   answers; a socket that died silently in a Wi-Fi change can even look connected.

   This script (included in the page by index.html.j2, next to its message box #hr-connection) hooks into that
   connection: window.jupyterapp.widgetManager.kernel, its connectionStatusChanged and statusChanged signals.
   - The connection is lost for more than a few seconds: the box says so ("we keep trying").
   - The network is back (online), the page is visible again (phone unlocked), or the connection gave up: ask
     the server whether the kernel still exists (GET api/kernels/<id>). Yes: reconnect now, not after the next
     back-off step, and check with a kernel_info request that messages really pass (a socket that survived a
     Wi-Fi change can be dead without closing). No (404): the box says the app stopped, with one button that
     reloads the page into a fresh app. The pseudonym cookie stays, and what was shared is in the store.
   No page stays silently dead. Keep this file free of Jinja markup: the template includes it as it is. */
(function () {
  "use strict";
  var GRACE_MS = 4000;          // a blip shorter than this shows nothing
  var PROBE_TIMEOUT_MS = 8000;  // no kernel_info reply within this time: the socket is stale, reconnect
  var RETRY_MS = 5000;          // while the box shows, check again this often
  var TEXTS = {
    lost: {
      title: "Geen verbinding met de workshop",
      text: "Je telefoon of laptop heeft even geen verbinding met de workshop. We proberen het steeds opnieuw; " +
        "zodra het lukt, kun je verder waar je was. Wat je al deelde, is bewaard.",
      button: "Laad de app opnieuw"
    },
    gone: {
      title: "Deze app is gestopt",
      text: "De verbinding was te lang weg, of de workshop is opnieuw gestart. Wat je al met de groep deelde, " +
        "is bewaard, en je schuilnaam blijft hetzelfde. Open de app opnieuw om verder te gaan.",
      button: "Open de app opnieuw"
    }
  };

  var box = document.getElementById("hr-connection");
  if (!box) { return; }
  var title = document.getElementById("hr-connection-title");
  var text = document.getElementById("hr-connection-text");
  var button = document.getElementById("hr-connection-button");
  var state = "ok";             // "ok" | "lost" | "gone"
  var graceTimer = null;
  var retryTimer = null;
  var checking = false;

  button.addEventListener("click", function () { window.location.reload(); });

  function kernel() {
    var app = window.jupyterapp;
    return (app && app.widgetManager && app.widgetManager.kernel) || null;
  }

  function baseUrl() {
    var el = document.getElementById("jupyter-config-data");
    try {
      return (el && JSON.parse(el.textContent).baseUrl) || "/";
    } catch (e) {
      return "/";
    }
  }

  function show(kind) {
    if (state === "gone") { return; }  // a stopped app stays stopped until the reload
    state = kind;
    box.setAttribute("data-state", kind);
    title.textContent = TEXTS[kind].title;
    text.textContent = TEXTS[kind].text;
    button.textContent = TEXTS[kind].button;
    box.hidden = false;
    if (kind === "gone") {
      clearTimeout(retryTimer);
      button.focus();
    } else {
      scheduleRetry();
    }
  }

  function hide() {
    if (state === "gone") { return; }
    state = "ok";
    box.hidden = true;
    box.removeAttribute("data-state");
    clearTimeout(graceTimer);
    clearTimeout(retryTimer);
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { check(); }, RETRY_MS);
  }

  // true: the kernel is there; false: it is gone (404); null: the server cannot be reached now.
  function kernelExists(id) {
    var url = baseUrl().replace(/\/?$/, "/") + "api/kernels/" + encodeURIComponent(id);
    return fetch(url, {cache: "no-store", credentials: "same-origin"}).then(function (r) {
      if (r.status === 404) { return false; }
      return r.ok ? true : null;
    }, function () { return null; });
  }

  function withTimeout(promise, ms) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
      promise.then(function (v) { clearTimeout(timer); resolve(v); },
                   function (e) { clearTimeout(timer); reject(e); });
    });
  }

  // Does a message reach the kernel and come back? Otherwise open a new socket to the same kernel.
  function probe(k) {
    return withTimeout(k.requestKernelInfo(), PROBE_TIMEOUT_MS).then(function () { return true; },
      function () { return withTimeout(k.reconnect(), PROBE_TIMEOUT_MS).then(function () { return true; },
        function () { return false; }); });
  }

  function check() {
    var k = kernel();
    if (!k || checking || state === "gone") { return; }
    checking = true;
    kernelExists(k.id).then(function (exists) {
      if (exists === false) { show("gone"); return null; }
      if (exists === null) { show("lost"); return null; }
      if (k.isDisposed) { show("gone"); return null; }
      if (k.connectionStatus !== "connected") {
        return withTimeout(k.reconnect(), PROBE_TIMEOUT_MS).then(hide, function () { show("lost"); });
      }
      return probe(k).then(function (ok) { if (ok) { hide(); } else { show("lost"); } });
    }).then(function () { checking = false; }, function () { checking = false; show("lost"); });
  }

  function watch(k) {
    k.connectionStatusChanged.connect(function (_sender, status) {
      if (status === "connected") {
        hide();
      } else if (status === "connecting") {
        clearTimeout(graceTimer);
        graceTimer = setTimeout(function () {
          if (k.connectionStatus !== "connected") { show("lost"); check(); }
        }, GRACE_MS);
      } else {  // "disconnected": the connection gave up retrying
        check();
      }
    });
    k.statusChanged.connect(function (_sender, status) {
      if (status === "dead") { check(); }
    });
    window.addEventListener("online", check);
    window.addEventListener("offline", function () {
      clearTimeout(graceTimer);
      graceTimer = setTimeout(function () { if (!navigator.onLine) { show("lost"); } }, GRACE_MS);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { check(); }
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { check(); }  // back from the browser's page cache: the kernel was shut down then
    });
  }

  // Voila creates the kernel connection while the page starts; wait for it.
  var waited = 0;
  (function waitForKernel() {
    var k = kernel();
    if (k) { watch(k); return; }
    waited += 250;
    if (waited < 180000) { setTimeout(waitForKernel, 250); }
  })();
  window.hrConnection = {check: check, state: function () { return state; }};
})();
