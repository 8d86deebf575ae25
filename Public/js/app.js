// 应急值班室 — small page helpers, plain JavaScript, no framework, no build step.
// Loaded with `defer` from /js/app.js (CSP script-src 'self': no inline handlers anywhere).
//   1. the header clock (#clock), Asia/Shanghai, ticking every second;
//   2. form checks as the officer types, in plain Chinese, mirroring the server's rules
//      (DutyCore PhoneNumber, PasswordPolicy, DirectoryRules) so nothing is rejected here that
//      the server would accept;
//   3. confirm() before forms marked data-confirm="…", and print buttons (data-print);
//   4. the 菜单 button that folds the navigation on a phone.
(function () {
  "use strict";

  // ---------------------------------------------------------------- 1. clock

  var SHANGHAI_OFFSET_MS = 8 * 3600 * 1000; // UTC+8 all year: China has no daylight saving.

  /** Epoch milliseconds of "yyyy-MM-dd HH:mm:ss" read as Beijing time, or NaN. */
  function parseShanghai(text) {
    var m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})\s*$/.exec(text || "");
    if (!m) return NaN;
    return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - SHANGHAI_OFFSET_MS;
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  var shanghaiFormat = null;
  try {
    shanghaiFormat = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Shanghai",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      hour12: false,
    });
    if (typeof shanghaiFormat.formatToParts !== "function") shanghaiFormat = null;
  } catch (e) {
    shanghaiFormat = null; // very old browser without time-zone support: fixed offset below
  }

  /** "yyyy-MM-dd HH:mm:ss" in Asia/Shanghai for epoch milliseconds. */
  function formatShanghai(ms) {
    if (shanghaiFormat) {
      var p = {};
      shanghaiFormat.formatToParts(new Date(ms)).forEach(function (part) {
        p[part.type] = part.value;
      });
      var hour = p.hour === "24" ? "00" : p.hour; // some engines print midnight as 24
      return p.year + "-" + p.month + "-" + p.day + " " + hour + ":" + p.minute + ":" + p.second;
    }
    var d = new Date(ms + SHANGHAI_OFFSET_MS);
    return (
      d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) + " " +
      pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + ":" + pad(d.getUTCSeconds())
    );
  }

  function isoShanghai(ms) {
    return formatShanghai(ms).replace(" ", "T") + "+08:00";
  }

  function startClock() {
    var el = document.getElementById("clock");
    if (!el) return;
    // Start from the server's time (which tests may pin) and advance it by the time elapsed
    // in this browser, so the clock runs even when the server clock is fixed, and does not
    // depend on the officer's PC being set right.
    var serverMs = parseShanghai(el.textContent);
    var offset = isNaN(serverMs) ? 0 : serverMs - Date.now();

    function tick() {
      var now = Date.now() + offset;
      el.textContent = formatShanghai(now);
      el.setAttribute("datetime", isoShanghai(now));
      // Wake just after the next whole second, so the display never lags by almost a second.
      window.setTimeout(tick, 1000 - (((now % 1000) + 1000) % 1000) + 15);
    }
    tick();
  }

  // ---------------------------------------------------------------- 2. validation
  // The format rules (phone numbers, division codes, passwords, email, 三员分立) live on the
  // server: a field marked data-validate, an email field or a role group is sent to
  // /api/v1/field-checks when the officer leaves it, and the server's own words are shown
  // beside it. This script only knows whether a required field is empty.

  var CHECK_URL = "/api/v1/field-checks";

  function csrfOf(form) {
    var input = form && form.querySelector("input[name='_csrf']");
    return input ? input.value : "";
  }

  function ruleOf(el) {
    var r = el.getAttribute && el.getAttribute("data-validate");
    if (r) return r;
    return el.type === "email" ? "email" : "";
  }

  /** Asks the server about `value` under `rule`; `done(problem)` unless `current()` moved on. */
  function askServer(form, rule, value, username, current, done) {
    if (!window.fetch) return;
    fetch(CHECK_URL, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrfOf(form) },
      body: JSON.stringify({ rule: rule, value: value, username: username || undefined }),
    })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (d) {
        if (d && current() === value) done(d.problem || "");
      })
      .catch(function () {});
  }

  /** The field's server check, when its value has changed since it was last asked. */
  function askAbout(el) {
    var rule = ruleOf(el);
    if (!rule) return;
    var value = el.value || "";
    if (el._askedValue === value) return;
    el._askedValue = value;
    el._serverProblem = "";
    if (value.trim() === "") return;
    var userField = el.form && el.form.querySelector("input[name='username']");
    askServer(el.form, rule, value, userField ? userField.value.trim() : "", function () { return el.value || ""; }, function (problem) {
      el._serverProblem = problem;
      if (touched(el)) check(el, false);
    });
  }

  var TEXTUAL = /^(text|search|tel|email|password|date|number|url|file)$/;

  function isCheckable(el) {
    if (el.disabled || el.type === "hidden") return false;
    if (el.tagName === "SELECT" || el.tagName === "TEXTAREA") return true;
    return el.tagName === "INPUT" && TEXTUAL.test(el.type);
  }

  function isBlank(el) {
    if (el.type === "file") return !el.files || el.files.length === 0;
    return el.value.trim() === "";
  }

  /** The message for one field, or "": empty where required, else the server's last answer. */
  function problemOf(el, typing) {
    if (el.required && isBlank(el)) {
      if (typing) return "";
      return el.type === "file" ? "必填：请选择要导入的文件" : "必填";
    }
    return el._askedValue === (el.value || "") ? el._serverProblem || "" : "";
  }

  var errorSeq = 0;

  /** The <small class="field-error"> beside the field, created when the template has none. */
  function errorBox(el) {
    var sib = el.nextElementSibling;
    while (sib) {
      if (sib.classList.contains("field-error")) break;
      sib = sib.nextElementSibling;
    }
    if (!sib) {
      sib = document.createElement("small");
      sib.className = "field-error";
      sib.setAttribute("aria-live", "polite");
      el.insertAdjacentElement("afterend", sib);
    }
    if (!sib.id) sib.id = (el.id || "field") + "-error-" + ++errorSeq;
    return sib;
  }

  function show(el, message) {
    var box = errorBox(el);
    box.textContent = message;
    var described = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (message) {
      el.setAttribute("aria-invalid", "true");
      if (described.indexOf(box.id) < 0) described.push(box.id);
    } else {
      el.removeAttribute("aria-invalid");
      described = described.filter(function (id) { return id !== box.id; });
    }
    if (described.length) el.setAttribute("aria-describedby", described.join(" "));
    else el.removeAttribute("aria-describedby");
  }

  function check(el, typing) {
    var message = problemOf(el, typing);
    show(el, message);
    return message === "";
  }

  /** A fieldset with data-require-one, or data-exclusive (roles: 三员分立, asked of the server). */
  function groupProblem(fs) {
    var value = groupValue(fs);
    var requireOne = fs.getAttribute("data-require-one");
    if (requireOne && value === "") return requireOne;
    return fs._askedValue === value ? fs._serverProblem || "" : "";
  }

  function groupValue(fs) {
    return Array.prototype.filter
      .call(fs.querySelectorAll("input[type='checkbox']"), function (b) { return b.checked; })
      .map(function (b) { return b.value; })
      .join(",");
  }

  function checkGroup(fs) {
    if (fs.hasAttribute("data-exclusive")) {
      var value = groupValue(fs);
      if (fs._askedValue !== value) {
        fs._askedValue = value;
        fs._serverProblem = "";
        if (value !== "") {
          askServer(fs.closest("form"), "roles", value, "", function () { return groupValue(fs); }, function (problem) {
            fs._serverProblem = problem;
            showGroup(fs);
          });
        }
      }
    }
    return showGroup(fs);
  }

  function showGroup(fs) {
    var message = groupProblem(fs);
    var box = fs.querySelector(".field-error");
    if (!box) {
      box = document.createElement("small");
      box.className = "field-error";
      box.setAttribute("aria-live", "polite");
      fs.appendChild(box);
    }
    box.textContent = message;
    if (message) fs.setAttribute("aria-invalid", "true");
    else fs.removeAttribute("aria-invalid");
    return message === "";
  }

  function touched(el) {
    return el.getAttribute("data-touched") === "true";
  }

  function wireValidation() {
    document.addEventListener("input", function (ev) {
      var el = ev.target;
      if (!el || !el.form || !isCheckable(el)) return;
      // Strict once the officer has left the field once; then the server is asked again
      // when the typing pauses.
      check(el, !touched(el));
      if (touched(el) && ruleOf(el)) {
        clearTimeout(el._askTimer);
        el._askTimer = setTimeout(function () { askAbout(el); }, 400);
      }
    });

    document.addEventListener("change", function (ev) {
      var el = ev.target;
      if (!el || !el.form) return;
      if (el.type === "checkbox") {
        var fs = el.closest("fieldset[data-require-one], fieldset[data-exclusive]");
        if (fs) checkGroup(fs);
        return;
      }
      if (isCheckable(el) && (el.type === "file" || el.tagName === "SELECT")) check(el, false);
    });

    document.addEventListener(
      "blur",
      function (ev) {
        var el = ev.target;
        if (!el || !el.form || !isCheckable(el) || el.type === "file") return;
        el.setAttribute("data-touched", "true");
        askAbout(el);
        check(el, false);
      },
      true
    );

    // The browser's own required-field check stops the submit; say the same thing beside the field.
    document.addEventListener(
      "invalid",
      function (ev) {
        var el = ev.target;
        if (el && isCheckable(el)) {
          el.setAttribute("data-touched", "true");
          check(el, false);
        }
      },
      true
    );

    document.addEventListener("submit", function (ev) {
      var form = ev.target;
      if (!form || form.tagName !== "FORM") return;
      var firstBad = null;
      var signature = [];
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!isCheckable(el)) return;
        el.setAttribute("data-touched", "true");
        if (!check(el, false)) {
          if (!firstBad) firstBad = el;
          signature.push(el.name + "=" + el.value);
        }
      });
      Array.prototype.forEach.call(
        form.querySelectorAll("fieldset[data-require-one], fieldset[data-exclusive]"),
        function (fs) {
          if (!checkGroup(fs)) {
            if (!firstBad) firstBad = fs.querySelector("input");
            signature.push("group:" + groupProblem(fs));
          }
        }
      );
      // Stop once and point at the problem. The server has the last word on formats, so the
      // same values sent again go through and the server's answer is shown: a check here that
      // drifted from the server's rules must never keep a valid number out of the directory.
      var key = signature.join("\n");
      if (firstBad && form.getAttribute("data-warned") !== key) {
        form.setAttribute("data-warned", key);
        ev.preventDefault();
        firstBad.focus();
        return;
      }
      // 3. Confirm destructive actions (停用 …) before they go.
      var question = form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        ev.preventDefault();
      }
    });
  }

  // ---------------------------------------------------------------- 3. small things

  function wirePrint() {
    document.addEventListener("click", function (ev) {
      var t = ev.target && ev.target.closest ? ev.target.closest("[data-print]") : null;
      if (t) {
        ev.preventDefault();
        window.print();
      }
    });
  }

  // ---------------------------------------------------------------- 4. the phone menu
  // On a narrow screen the navigation folds behind 菜单 (#nav-toggle), so the page starts near
  // the top. The stylesheet folds it only once the nav is marked nav-foldable here: without
  // this script the button stays hidden and the whole navigation is shown, as on a desk.

  function wireMenu() {
    var button = document.getElementById("nav-toggle");
    var nav = button ? document.getElementById(button.getAttribute("aria-controls")) : null;
    if (!nav) return;

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("nav-open", open);
    }

    nav.classList.add("nav-foldable");
    setOpen(false);
    button.hidden = false;
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    // Esc folds the open menu and gives the focus back to its button.
    document.addEventListener("keydown", function (ev) {
      if ((ev.key === "Escape" || ev.key === "Esc") && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  // Exposed for tests in a browser console or a unit test runner; the page does not need it.
  window.DutyRoom = {
    parseShanghai: parseShanghai,
    formatShanghai: formatShanghai,
  };

  function init() {
    startClock();
    wireValidation();
    wirePrint();
    wireMenu();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// ---------------------------------------------------------------- the session
// A page left open must never go quiet without saying so. Every 30 s the page asks, in the
// background (which does not count as activity), when its session ends: from two minutes
// before, a banner counts down with a 继续 button; once it has ended (idle timeout, logout in
// another tab, revoked), a full-width banner says so, the page greys, the title flashes and
// a tone sounds, and 重新登录 comes back to this page. The live board calls `ended` itself when
// its stream says the session is over.
(function () {
  "use strict";
  var banner = document.getElementById("session-banner");
  var POLL_MS = 30000;
  var expiresAt = 0;
  var warnSeconds = 120;
  var ended = false;
  var countdown = null;

  function here() {
    return location.pathname + location.search;
  }

  function tone() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      var ctx = new Ctx();
      var osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.4);
    } catch (e) { /* no sound on this device */ }
  }

  function showEnded() {
    if (ended || !banner) return;
    ended = true;
    if (countdown) window.clearInterval(countdown);
    banner.hidden = false;
    banner.className = "session-banner session-ended";
    banner.textContent = "";
    var text = document.createElement("strong");
    text.textContent = banner.getAttribute("data-ended-text") || "登录已结束，本页已停止更新，新的报告不会再显示。";
    var link = document.createElement("a");
    link.className = "btn btn-primary";
    link.id = "session-relogin";
    // A wall display is enabled again with a code, not signed in with a password.
    link.href = banner.getAttribute("data-relogin-url") || "/login?expired=1&next=" + encodeURIComponent(here());
    link.textContent = banner.getAttribute("data-relogin-text") || "重新登录并回到本页";
    banner.appendChild(text);
    banner.appendChild(link);
    document.body.classList.add("session-dead");
    var original = document.title;
    var flip = false;
    window.setInterval(function () {
      flip = !flip;
      document.title = flip ? "【已断开】" + original : original;
    }, 1000);
    tone();
  }

  function showWarning() {
    if (ended || !banner) return;
    var left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
    if (left <= 0) { check(); return; }
    if (left > warnSeconds) { banner.hidden = true; return; }
    if (banner.getAttribute("data-mode") !== "warn") {
      banner.setAttribute("data-mode", "warn");
      banner.className = "session-banner session-warn";
      banner.textContent = "";
      var text = document.createElement("span");
      text.id = "session-countdown";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-primary";
      button.id = "session-keep";
      button.textContent = "继续";
      button.addEventListener("click", keep);
      banner.appendChild(text);
      banner.appendChild(button);
    }
    banner.hidden = false;
    document.getElementById("session-countdown").textContent = "长时间无操作，" + left + " 秒后将退出登录。";
  }

  function apply(status) {
    expiresAt = Date.now() + status.secondsLeft * 1000;
    warnSeconds = status.warnSeconds || warnSeconds;
    if (status.secondsLeft > warnSeconds) {
      banner.hidden = true;
      banner.removeAttribute("data-mode");
    }
    showWarning();
  }

  function answer(res) {
    // A session that has ended answers with the login page (a redirect) or 401.
    if (res.redirected || res.status === 401) { showEnded(); return null; }
    return res.ok ? res.json() : null;
  }

  // The session's state, asked for (GET, in the background) or renewed (继续: POST).
  function ask(init) {
    fetch(banner.getAttribute(init.method === "POST" ? "data-keep-url" : "data-status-url"), init)
      .then(answer)
      .then(function (s) { if (s) apply(s); })
      .catch(function () { /* offline: the next look will tell */ });
  }

  function check() {
    if (ended) return;
    ask({ credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json", "X-Background": "1" } });
  }

  function keep() {
    ask({
      method: "POST", credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRF-Token": banner.getAttribute("data-csrf") || "" },
    });
  }

  window.DutyRoomSession = { ended: showEnded };
  if (!banner || !window.fetch) return;
  check();
  window.setInterval(check, POLL_MS);
  countdown = window.setInterval(showWarning, 1000);
})();

// A form carried through a login (typed before the session ended) goes on by itself.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosubmit]");
  if (form) form.submit();
})();
