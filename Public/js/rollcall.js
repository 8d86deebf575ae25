// A superior's roll call must be answered at once: on every page of a duty room, a pending
// roll call shows as a banner with its countdown and the answer button.
(function () {
  "use strict";
  // The caller's page follows the answers as they arrive, until the time limit has passed.
  var reloading = document.querySelector("[data-reload-seconds]");
  if (reloading) {
    setTimeout(function () { location.reload(); }, 1000 * Number(reloading.dataset.reloadSeconds || 5));
  }

  var banner = document.getElementById("rollcall-banner");
  if (!banner) return;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The rows are built when the list changes; the countdown only changes their status words,
  // so a button the officer is about to press is never replaced under the pointer.
  var shown = "";
  var rows = [];
  var fetchedAt = 0;

  function build(lines) {
    var key = lines.map(function (l) { return l.rollCallId; }).join(",");
    if (key === shown) return;
    shown = key;
    banner.textContent = "";
    rows = lines.map(function (l) {
      var row = el("form", "rollcall-line");
      row.method = "post";
      row.action = "/roll-calls/" + l.rollCallId + "/answer";
      var csrf = el("input"); csrf.type = "hidden"; csrf.name = "_csrf"; csrf.value = banner.dataset.csrf;
      var back = el("input"); back.type = "hidden"; back.name = "back"; back.value = location.pathname;
      row.appendChild(csrf); row.appendChild(back);
      var status = el("span", "status");
      row.appendChild(status);
      row.appendChild(el("span", "rollcall-text", l.callerUnitName + "点名（" + l.startedAtText + " 开始）"));
      var btn = el("button", "btn btn-primary", "应答点名"); btn.type = "submit";
      row.appendChild(btn);
      banner.appendChild(row);
      return { line: l, status: status };
    });
    banner.hidden = rows.length === 0;
    // Announced only while there is something to answer: an empty alert region on every page
    // would be noise to a screen reader.
    if (rows.length) banner.setAttribute("role", "alert"); else banner.removeAttribute("role");
  }

  function tick() {
    var elapsed = Math.floor((Date.now() - fetchedAt) / 1000);
    rows.forEach(function (r) {
      var left = (r.line.secondsLeft || 0) - elapsed;
      var text = left > 0 ? "等待应答 剩余" + left + "秒" : "已超时，请立即应答";
      var cls = left > 0 ? "status status-warn" : "status status-bad";
      if (r.status.textContent !== text) r.status.textContent = text;
      if (r.status.className !== cls) r.status.className = cls;
    });
  }

  function load() {
    fetch("/api/v1/roll-calls/pending", { credentials: "same-origin", headers: { Accept: "application/json", "X-Background": "1" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (data) {
        var lines = Array.isArray(data) ? data : [];
        fetchedAt = Date.now();
        rows.forEach(function (r) {
          var fresh = lines.filter(function (l) { return l.rollCallId === r.line.rollCallId; })[0];
          if (fresh) r.line = fresh;
        });
        build(lines);
        tick();
      })
      .catch(function () {});
  }

  load();
  setInterval(tick, 1000);
  setInterval(load, 15000);
})();
