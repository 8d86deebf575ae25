// 应急值班室 — the duty board: live updates and running deadline countdowns.
// Plain JavaScript, no framework, no build step; loaded with `defer` after /js/app.js.
//   1. every <time class="countdown" datetime="…"> on the page runs once a second:
//      "剩余 mm:ss" before the deadline, "已超时 mm:ss" after it (h:mm:ss from one hour);
//      when a running clock passes zero its status word, colour and row turn to 已超时;
//   2. on the board (#board-live), an EventSource on data-events-url; each `change` event
//      (of the kinds in data-live-kinds, when given) fetches data-live-url and replaces the
//      board's tables;
//      #live-status says whether the live connection is up.
// Time comes from the server (whose clock tests may pin): the offset between the header
// clock (#clock, started by app.js from the server's time) and this browser's clock.
(function () {
  "use strict";

  var SHANGHAI_OFFSET_MS = 8 * 3600 * 1000; // UTC+8 all year
  var DONE = { met: true, late: true };
  var RUNNING = { running: true, due_soon: true, not_started: true };

  // ---------------------------------------------------------------- server time

  /** Epoch milliseconds of "yyyy-MM-dd HH:mm:ss" read as Beijing time, or NaN. */
  function parseShanghai(text) {
    if (window.DutyRoom && window.DutyRoom.parseShanghai) return window.DutyRoom.parseShanghai(text);
    var m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})\s*$/.exec(text || "");
    if (!m) return NaN;
    return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - SHANGHAI_OFFSET_MS;
  }

  // Server time = Date.now() + offset. Each reading of the header clock (whole seconds) says
  // the offset is at least (shown - Date.now()); app.js redraws it just after each whole
  // second, so the largest such bound is within a few milliseconds of the truth, and the
  // countdowns turn over together with the header clock.
  var offset = null;
  var readings = 0;

  function readClock(el) {
    var shown = parseShanghai(el.textContent);
    if (isNaN(shown)) return;
    var bound = shown - Date.now();
    if (offset === null || bound > offset) offset = bound;
    readings++;
  }

  function initServerTime() {
    var clock = document.getElementById("clock");
    if (clock) {
      readClock(clock);
      if (window.MutationObserver) {
        var observer = new MutationObserver(function () {
          readClock(clock);
          if (readings >= 4) observer.disconnect();
        });
        observer.observe(clock, { childList: true, characterData: true, subtree: true });
      }
    }
    if (offset === null) {
      // No header clock: the board says when it was made.
      var generated = document.querySelector("[data-generated]");
      var ms = generated ? parseShanghai(generated.textContent) : NaN;
      offset = isNaN(ms) ? 0 : ms - Date.now();
    }
  }

  function serverNow() {
    return Date.now() + (offset || 0);
  }

  // ---------------------------------------------------------------- countdowns

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /** 65 → "01:05"; 3725 → "1:02:05". */
  function duration(totalSeconds) {
    var s = Math.max(0, totalSeconds);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var sec = s % 60;
    return h > 0 ? h + ":" + pad(m) + ":" + pad(sec) : pad(m) + ":" + pad(sec);
  }

  // The words and urgency of each clock status come from the server (base.leaf renders
  // them from DutyCore's ClockStatus.Kind); the script only uses them.
  var STATUS_WORDS = {};
  var URGENCY = {};
  Array.prototype.forEach.call(document.querySelectorAll("#clock-vocabulary [data-kind]"), function (el) {
    var kind = el.getAttribute("data-kind");
    STATUS_WORDS[kind] = el.textContent;
    URGENCY[kind] = parseInt(el.getAttribute("data-urgency"), 10);
  });

  function setStatusWord(span, status) {
    if (!span) return;
    span.className = span.className.replace(/\bstatus-[a-z_]+\b/g, "").trim() + " status-" + status;
    span.textContent = STATUS_WORDS[status] || status;
  }

  function swapClass(el, prefix, status) {
    if (!el) return;
    var re = new RegExp("\\b" + prefix + "(overdue|due_soon|running|not_started|met|late)\\b", "g");
    el.className = el.className.replace(re, "").trim() + " " + prefix + status;
  }

  /** A running clock has just passed its deadline: say so by word, colour and row. */
  function markOverdue(time) {
    time.setAttribute("data-status", "overdue");
    var holder = time.closest("[data-clock]");
    if (holder) {
      setStatusWord(holder.querySelector("[data-clock-status]"), "overdue");
      swapClass(holder, "clock-", "overdue");
      if (holder.tagName === "TR") swapClass(holder, "row-", "overdue");
    }
    var row = time.closest("tr[data-worst]");
    if (row) {
      var worst = row.getAttribute("data-worst");
      if ((URGENCY[worst] === undefined ? 9 : URGENCY[worst]) > URGENCY.overdue) {
        row.setAttribute("data-worst", "overdue");
        swapClass(row, "row-", "overdue");
        setStatusWord(row.querySelector("[data-row-status]"), "overdue");
      }
    }
  }

  function tickOne(time, now) {
    var status = time.getAttribute("data-status") || "";
    if (DONE[status]) return;
    var due = Date.parse(time.getAttribute("datetime") || "");
    if (isNaN(due)) return;
    var left = due - now;
    var text;
    if (left > 0) {
      text = "剩余 " + duration(Math.ceil(left / 1000));
      time.classList.remove("countdown-over");
    } else {
      text = "已超时 " + duration(Math.floor(-left / 1000));
      time.classList.add("countdown-over");
      if (RUNNING[status]) markOverdue(time);
    }
    if (time.textContent !== text) time.textContent = text;
  }

  function tickAll() {
    var now = serverNow();
    var list = document.querySelectorAll("time.countdown[datetime]");
    for (var i = 0; i < list.length; i++) tickOne(list[i], now);
  }

  function startTicking() {
    function loop() {
      tickAll();
      var now = serverNow();
      // Just after the next whole second, in step with the header clock.
      window.setTimeout(loop, 1000 - (((now % 1000) + 1000) % 1000) + 20);
    }
    loop();
  }

  // ---------------------------------------------------------------- live board

  function startLive(board) {
    var liveUrl = board.getAttribute("data-live-url");
    var eventsUrl = board.getAttribute("data-events-url");
    var statusEl = document.getElementById("live-status");
    var source = null;
    var timer = null;
    var inFlight = false;
    var again = false;
    var reconnectTimer = null;
    var pollTimer = null;
    var wasConnected = false;
    var arrivedAt = {};
    var HIGHLIGHT_MS = 12000;
    var kinds = (board.getAttribute("data-live-kinds") || "").split(",").filter(function (k) { return k; });
    var refreshAtTimer = null;

    // A part that changes at a known instant without an event (a roll call's time limit running
    // out) says when: it is fetched again just after.
    function scheduleRefreshAt() {
      if (refreshAtTimer) window.clearTimeout(refreshAtTimer);
      refreshAtTimer = null;
      var el = board.querySelector("[data-refresh-at]");
      var at = el ? Date.parse(el.getAttribute("data-refresh-at")) : NaN;
      if (isNaN(at)) return;
      var wait = Math.max(0, at - serverNow()) + 500;
      refreshAtTimer = window.setTimeout(schedule, Math.min(wait, 3600 * 1000));
    }

    function setStatus(state, text) {
      if (!statusEl) return;
      statusEl.setAttribute("data-state", state);
      statusEl.textContent = "实时更新：" + text;
    }

    function rowIds() {
      var ids = {};
      var rows = board.querySelectorAll("tr[id]");
      for (var i = 0; i < rows.length; i++) ids[rows[i].id] = true;
      return ids;
    }

    // The fetch in flight: a change that arrives while it runs would otherwise wait for it to
    // finish and then for a second one. The first such change restarts it instead (the new
    // answer holds both); a restarted fetch is let finish, so a stream of changes cannot keep
    // the board from ever refreshing.
    var current = null;
    var serial = 0;

    function refresh() {
      if (inFlight) {
        if (current && !current.restarted && window.AbortController) {
          current.controller.abort();
          inFlight = false;
          start(true);
        } else {
          again = true;
        }
        return;
      }
      start(false);
    }

    function start(restarted) {
      inFlight = true;
      var mine = { serial: ++serial, restarted: restarted, controller: window.AbortController ? new AbortController() : null };
      current = mine;
      function stale() { return mine.serial !== serial; }
      var before = rowIds();
      var focusedId = document.activeElement && board.contains(document.activeElement) ? document.activeElement.id : "";
      fetch(liveUrl, {
        credentials: "same-origin", headers: { Accept: "text/html", "X-Background": "1" }, cache: "no-store",
        signal: mine.controller ? mine.controller.signal : undefined,
      })
        .then(function (res) {
          if (stale()) throw { stale: true };
          // A redirect to /login means the session has ended: keep what is shown and say so.
          if (res.redirected || res.status === 401) throw { auth: true };
          if (!res.ok) throw { status: res.status };
          return res.text();
        })
        .then(function (html) {
          if (stale()) throw { stale: true };
          board.innerHTML = html;
          var fresh = 0;
          var now = Date.now();
          var rows = board.querySelectorAll("tr[id]");
          for (var i = 0; i < rows.length; i++) {
            var id = rows[i].id;
            if (!before[id]) {
              arrivedAt[id] = now;
              fresh++;
            }
            // A row that arrived a moment ago keeps its highlight through the next refresh
            // (签发 and 报送 come as two events), carrying on where its fade had got to.
            if (arrivedAt[id] && now - arrivedAt[id] < HIGHLIGHT_MS) {
              rows[i].classList.add("row-arrived");
              rows[i].style.animationDelay = -((now - arrivedAt[id]) / 1000) + "s";
            }
          }
          for (var key in arrivedAt) {
            if (now - arrivedAt[key] >= HIGHLIGHT_MS) delete arrivedAt[key];
          }
          if (focusedId) {
            var target = document.getElementById(focusedId);
            if (target) target.focus();
          }
          tickAll();
          scheduleRefreshAt();
          if (source && source.readyState === 1) {
            setStatus("open", fresh > 0 ? "已连接，刚收到 " + fresh + " 项新内容" : "已连接");
          }
        })
        .catch(function (err) {
          // Replaced by a newer fetch: that one says how things stand.
          if ((err && err.stale) || stale() || (err && err.name === "AbortError")) throw { stale: true };
          if (err && err.auth) {
            setStatus("error", "登录已结束，看板已停止更新");
            sessionEnded();
          }
          else if (source && source.readyState === 1) {
            setStatus("error", "刷新失败，稍后自动重试");
            window.setTimeout(schedule, 5000);
          }
          // Otherwise the connection is down and the status already says 已断开，正在重连.
        })
        .then(function () {
          inFlight = false;
          current = null;
          if (again) {
            again = false;
            schedule();
          }
        }, function () {
          // A replaced fetch: the one that replaced it carries on.
        });
    }

    // Events come in bursts (签发 then 报送, within a few milliseconds of each other): one
    // fetch for those, and no more waiting, so a new report shows within a blink.
    function schedule() {
      if (timer) return;
      timer = window.setTimeout(function () {
        timer = null;
        refresh();
      }, 5);
    }

    var dead = false;
    function sessionEnded() {
      if (dead) return;
      dead = true;
      stopPolling();
      if (source) source.close();
      if (reconnectTimer) window.clearTimeout(reconnectTimer);
      if (window.DutyRoomSession) window.DutyRoomSession.ended();
    }

    // While the live connection is down, look every 30 s anyway.
    function startPolling() {
      if (!pollTimer) pollTimer = window.setInterval(refresh, 30000);
    }

    function stopPolling() {
      if (pollTimer) window.clearInterval(pollTimer);
      pollTimer = null;
    }

    function connect() {
      if (!window.EventSource || !eventsUrl) {
        setStatus("error", "浏览器不支持，每30秒刷新");
        startPolling();
        return;
      }
      source = new EventSource(eventsUrl);
      source.addEventListener("open", function () {
        setStatus("open", "已连接");
        stopPolling();
        // Whatever changed while we were away.
        if (wasConnected) schedule();
        wasConnected = true;
      });
      source.addEventListener("change", function (e) {
        // A page that follows only some events (the roll calls: data-live-kinds="rollcall.").
        if (kinds.length) {
          var kind = "";
          try { kind = JSON.parse(e.data).kind || ""; } catch (_) { return; }
          if (!kinds.some(function (k) { return kind.indexOf(k) === 0; })) return;
        }
        schedule();
      });
      source.addEventListener("session-ended", function () {
        setStatus("error", "登录已结束，看板已停止更新");
        sessionEnded();
      });
      source.addEventListener("error", function () {
        setStatus("closed", "已断开，正在重连");
        startPolling();
        // EventSource retries by itself (the server asks for 3 s) unless the answer was not a
        // stream at all (expired session, server restarting): then start again ourselves.
        if (source.readyState === 2 && !reconnectTimer && !dead) {
          reconnectTimer = window.setTimeout(function () {
            reconnectTimer = null;
            connect();
          }, 5000);
        }
      });
    }

    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) schedule();
    });

    scheduleRefreshAt();
    connect();
  }

  function init() {
    initServerTime();
    startTicking();
    var board = document.getElementById("board-live");
    if (board && board.getAttribute("data-live-url")) startLive(board);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
