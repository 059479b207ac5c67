/*
 * Modelhouse usage reporter: first-party, no dependencies, nothing loaded from elsewhere.
 * Reports to /portal/events (the session's cookie and form token; API.md POST /api/portal/events):
 *  - feature_used when an element marked data-feature is clicked (data-type overrides the type,
 *    data-target names what was used);
 *  - page_view with durationMs, the time the page was visible, when it is left or hidden.
 * Events wait in localStorage until the server answered 202, so a page left offline reports them
 * on a later visit (the server believes times of the last 24 hours only, and flags the rest).
 * Each event carries its own id (a random UUID): a resend after a lost answer or a 503 is stored once.
 */
(function () {
  'use strict';
  var track = document.getElementById('usage-track');
  if (!track || !window.JSON) { return; }
  var KEY = 'modelhouse.usage.pending';
  var MAX_PENDING = 500, BATCH = 100, FLUSH_MS = 5000;
  var feature = track.getAttribute('data-feature') || null;
  var target = track.getAttribute('data-target') || location.pathname + location.search;
  var csrf = track.getAttribute('data-csrf') || '';
  var shownSince = document.visibilityState === 'hidden' ? null : Date.now();
  var shownMs = 0;
  var sending = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || '[]'); } catch (e) { return []; }
  }
  function save(list) {
    try { localStorage.setItem(KEY, JSON.stringify(list.slice(-MAX_PENDING))); } catch (e) { /* private mode: memory only */ }
  }
  var memory = load();
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80; // version 4, RFC 4122 variant
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  function add(event) {
    event.id = uuid();
    event.at = new Date().toISOString();
    memory = load().concat([event]).slice(-MAX_PENDING);
    save(memory);
  }
  function body(batch) {
    return 'csrf-token=' + encodeURIComponent(csrf) + '&events=' + encodeURIComponent(JSON.stringify(batch));
  }

  function flush() {
    if (sending || !navigator.onLine) { return; }
    var batch = load().slice(0, BATCH);
    if (batch.length === 0) { return; }
    sending = true;
    fetch('/portal/events', {
      method: 'POST', credentials: 'same-origin', keepalive: true,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json' },
      body: body(batch)
    }).then(function (r) {
      // 202: committed. 4xx other than 429: the server will never take these; drop them, not retry forever
      if (r.status === 202 || (r.status >= 400 && r.status < 500 && r.status !== 429)) {
        var sent = {};
        batch.forEach(function (e) { sent[e.id || e.at + '|' + e.type + '|' + e.target] = true; });
        save(load().filter(function (e) { return !sent[e.id || e.at + '|' + e.type + '|' + e.target]; }));
      }
    }).catch(function () { /* offline or the server is away: they stay queued */ })
      .then(function () { sending = false; });
  }

  function leave() {
    if (shownSince !== null) { shownMs += Date.now() - shownSince; shownSince = null; }
    if (shownMs > 0) {
      add({ type: 'page_view', feature: feature, target: target, durationMs: shownMs });
      shownMs = 0;
    }
    var batch = load().slice(0, BATCH);
    if (batch.length && navigator.sendBeacon) {
      var sent = navigator.sendBeacon('/portal/events',
        new Blob([body(batch)], { type: 'application/x-www-form-urlencoded' }));
      // a beacon's answer is never seen: what was handed to it is not sent again
      if (sent) { save(load().slice(batch.length)); }
    } else {
      flush();
    }
  }

  document.addEventListener('click', function (ev) {
    var el = ev.target && ev.target.closest ? ev.target.closest('[data-feature]') : null;
    if (!el || el === track) { return; }
    add({
      type: el.getAttribute('data-type') || 'feature_used',
      feature: el.getAttribute('data-feature'),
      target: (el.getAttribute('data-target') || el.textContent || '').trim().slice(0, 200) || null
    });
  }, true);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') { leave(); } else { shownSince = Date.now(); }
  });
  window.addEventListener('pagehide', leave);
  window.addEventListener('online', flush);
  setInterval(flush, FLUSH_MS);
  flush();
  window.modelhouseUsage = { flush: flush, pending: function () { return load().length; }, leave: leave };
}());
