/**
 * The script that runs in the notebook page (browser side) ahead of every figure. It defines
 * `window.__ear2facePlotly` once per page:
 *
 * - `install(version, source)` runs plotly.js with AMD/CommonJS hidden (a classic notebook or VS
 *   Code defines `define`, and a UMD bundle would then register as an anonymous AMD module instead
 *   of setting `window.Plotly`; `window.define` is hidden and restored, and `define`, `module`,
 *   `exports` are shadowed inside the evaluated source), then keeps a copy in IndexedDB.
 * - `render(hostId, figure, updateKey)` draws a figure as soon as `window.Plotly` exists: at once,
 *   when an output carrying plotly.js runs later, or from the IndexedDB copy (a reloaded page
 *   whose carrying output was cleared). Until then the static fallback stays; after a few seconds
 *   a note says how to get plotly.js back. Figures with the same `updateKey` share one graph div:
 *   a replaced output hands its div to the new one and `Plotly.react` updates it in place
 *   (no flicker; zoom and legend choices survive through `layout.uirevision`).
 *
 * Plain ES5, no dependencies; every entry point is guarded so a second copy is a no-op.
 */
export const PAGE_LOADER_JS = `(function (w, d) {
  if (w.__ear2facePlotly) return;
  var waiting = [], pollTimer = null, pollUntil = 0, triedStore = false;
  var DB = 'ear2face-widgets', STORE = 'libraries', KEY = 'plotly';
  function plotly() { return w.Plotly && typeof w.Plotly.react === 'function' ? w.Plotly : null; }
  function flush() {
    var P = plotly();
    if (!P) return;
    var list = waiting;
    waiting = [];
    for (var i = 0; i < list.length; i++) { try { list[i](P); } catch (e) { if (w.console) console.error(e); } }
  }
  function run(source) {
    if (plotly()) return;
    var had = Object.prototype.hasOwnProperty.call(w, 'define'), saved = w.define;
    try { w.define = undefined; } catch (e) {}
    try {
      var s = d.createElement('script');
      s.text = '(function (define, module, exports) {\\n' + source + '\\n}).call(window);';
      (d.head || d.documentElement).appendChild(s);
      if (s.parentNode) s.parentNode.removeChild(s);
    } finally {
      try { if (had) { w.define = saved; } else { delete w.define; } } catch (e) {}
    }
  }
  function openDb(done) {
    try {
      if (!w.indexedDB) return done(null);
      var req = w.indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE); };
      req.onsuccess = function () { done(req.result); };
      req.onerror = function () { done(null); };
      req.onblocked = function () { done(null); };
    } catch (e) { done(null); }
  }
  function keep(version, source) {
    openDb(function (db) {
      if (!db) return;
      try {
        var tx = db.transaction(STORE, 'readwrite'), os = tx.objectStore(STORE), get = os.get(KEY);
        get.onsuccess = function () { if (!get.result || get.result.version !== version) os.put({ version: version, source: source }, KEY); };
        tx.oncomplete = tx.onerror = tx.onabort = function () { db.close(); };
      } catch (e) { db.close(); }
    });
  }
  function loadKept() {
    if (triedStore || plotly()) return;
    triedStore = true;
    openDb(function (db) {
      if (!db) return;
      try {
        var tx = db.transaction(STORE, 'readonly'), get = tx.objectStore(STORE).get(KEY);
        get.onsuccess = function () { var v = get.result; if (v && typeof v.source === 'string') run(v.source); flush(); };
        tx.oncomplete = tx.onerror = tx.onabort = function () { db.close(); };
      } catch (e) { db.close(); }
    });
  }
  function poll() {
    flush();
    if (waiting.length === 0 || Date.now() > pollUntil) { clearInterval(pollTimer); pollTimer = null; }
  }
  function whenReady(callback) {
    var P = plotly();
    if (P) return callback(P);
    waiting.push(callback);
    setTimeout(loadKept, 200);
    pollUntil = Date.now() + 120000;
    if (!pollTimer) pollTimer = setInterval(poll, 250);
  }
  function part(host, name) { return host.querySelector('.ear2face-' + name); }
  var api = {
    plots: {},
    install: function (version, source) {
      run(source);
      flush();
      if (plotly()) keep(version, source);
    },
    whenReady: whenReady,
    render: function (hostId, figure, updateKey) {
      var tries = 0;
      (function attempt() {
        var host = d.getElementById(hostId);
        if (!host) { if (++tries < 400) setTimeout(attempt, 50); return; }
        var status = part(host, 'status');
        var note = setTimeout(function () { if (status && !plotly()) status.style.display = ''; }, 3000);
        whenReady(function (P) {
          clearTimeout(note);
          var slot = part(host, 'plot');
          var gd = updateKey ? api.plots[updateKey] : null;
          if (!gd) gd = d.createElement('div');
          if (gd.parentNode !== slot) slot.appendChild(gd);
          if (updateKey) api.plots[updateKey] = gd;
          P.react(gd, figure.data, figure.layout || {}, figure.config || {}).then(function () {
            var fallback = part(host, 'fallback');
            if (fallback) fallback.style.display = 'none';
            if (status) status.style.display = 'none';
          }, function (e) {
            if (status) { status.textContent = 'plotly could not draw this figure: ' + e; status.style.display = ''; }
          });
        });
      })();
    }
  };
  w.__ear2facePlotly = api;
})(window, document);`;
