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

  var lines = [];
  var fetchedAt = 0;

  function render() {
    banner.textContent = "";
    if (lines.length === 0) { banner.hidden = true; return; }
    banner.hidden = false;
    var elapsed = Math.floor((Date.now() - fetchedAt) / 1000);
    lines.forEach(function (l) {
      var row = el("form", "rollcall-line");
      row.method = "post";
      row.action = "/roll-calls/" + l.rollCallId + "/answer";
      var csrf = el("input"); csrf.type = "hidden"; csrf.name = "_csrf"; csrf.value = banner.dataset.csrf;
      var back = el("input"); back.type = "hidden"; back.name = "back"; back.value = location.pathname;
      row.appendChild(csrf); row.appendChild(back);
      var left = (l.secondsLeft || 0) - elapsed;
      var status = left > 0 ? el("span", "status status-warn", "等待应答 剩余" + left + "秒") : el("span", "status status-bad", "已超时，请立即应答");
      row.appendChild(status);
      row.appendChild(el("span", "rollcall-text", l.callerUnitName + "点名（" + l.startedAtText + " 开始）"));
      var btn = el("button", "btn btn-primary", "应答点名"); btn.type = "submit";
      row.appendChild(btn);
      banner.appendChild(row);
    });
  }

  function load() {
    fetch("/api/v1/roll-calls/pending", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (data) { lines = Array.isArray(data) ? data : []; fetchedAt = Date.now(); render(); })
      .catch(function () {});
  }

  load();
  setInterval(render, 1000);
  setInterval(load, 15000);
})();
