// 应急值班室 — small page helpers, plain JavaScript, no framework, no build step.
// Loaded with `defer` from /js/app.js (CSP script-src 'self': no inline handlers anywhere).
//   1. the header clock (#clock), Asia/Shanghai, ticking every second;
//   2. form checks as the officer types, in plain Chinese, mirroring the server's rules
//      (DutyCore PhoneNumber, PasswordPolicy, DirectoryRules) so nothing is rejected here that
//      the server would accept;
//   3. confirm() before forms marked data-confirm="…", and print buttons (data-print).
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

  var SERVICE_NUMBERS = ["110", "112", "119", "120", "122", "12345", "12350", "12119", "12395"];

  /** Full-width digits and symbols from a Chinese IME, and the many dashes, to ASCII. */
  function asciiForm(ch) {
    var c = ch.charCodeAt(0);
    if (c >= 0xff10 && c <= 0xff19) return String.fromCharCode(c - 0xff10 + 48); // ０-９
    switch (ch) {
      case "＋": return "+";
      case "（": return "(";
      case "）": return ")";
      case "．": case "。": return ".";
      case "　": return " ";
      case "－": case "‐": case "‑": case "‒": case "–": case "—": case "―": case "−": case "﹣":
        return "-";
      default: return ch;
    }
  }

  function isDigit(ch) {
    return ch >= "0" && ch <= "9";
  }

  /** As PhoneNumber.normalize: spaces, dots and brackets go; "+" only first; "-" only between digits. */
  function normalizePhone(raw) {
    var chars = [];
    for (var i = 0; i < raw.length; i++) {
      var ch = asciiForm(raw.charAt(i));
      if (/\s/.test(ch) || ch === "." || ch === "(" || ch === ")") continue;
      chars.push(ch);
    }
    var out = "";
    for (var j = 0; j < chars.length; j++) {
      var s = chars[j];
      if (s === "+") {
        if (out === "") out += s;
      } else if (s === "-") {
        var prevDigit = out.length > 0 && isDigit(out.charAt(out.length - 1));
        var nextDigit = j + 1 < chars.length && isDigit(chars[j + 1]);
        if (prevDigit && nextDigit) out += s;
      } else {
        out += s;
      }
    }
    return out;
  }

  function isServiceNumber(d) {
    if (SERVICE_NUMBERS.indexOf(d) >= 0) return true;
    if (d.length === 5 && d.indexOf("95") === 0) return true;
    if (d.length === 10 && (d.indexOf("400") === 0 || d.indexOf("800") === 0)) return true;
    return false;
  }

  /**
   * "" when `raw` is a dialable mainland number (mobile 1[3-9]\d{9}, landline 0\d{2,3}-?\d{7,8}
   * with an optional extension, or a service number such as 110/119/120/122/12345), else what is
   * wrong, in words the officer can fix the number from. Same rules as DutyCore PhoneNumber.
   */
  function phoneProblem(raw) {
    var body = normalizePhone(raw);
    if (body === "") return "";
    var international = false;
    ["+86", "0086"].forEach(function (prefix) {
      if (body.indexOf(prefix) === 0) {
        body = body.slice(prefix.length);
        if (body.charAt(0) === "-") body = body.slice(1);
        international = true;
      }
    });
    if (body.charAt(0) === "+" || body.indexOf("00") === 0) {
      return "不是中国大陆号码：只支持+86开头的境外写法";
    }
    for (var i = 0; i < body.length; i++) {
      var ch = body.charAt(i);
      if (!isDigit(ch) && ch !== "-" && ch !== "转") return "含有无法识别的字符“" + ch + "”";
    }
    var parts = body.split("转");
    if (parts.length > 2) return "含有多个“转”：分机号只能有一个";
    var groups = parts[0].split("-").filter(function (g) { return g !== ""; });
    var digits = groups.join("");
    var ext = parts.length === 2 ? parts[1].replace(/-/g, "") : null;
    if (digits === "") return "没有数字";

    if (!international && ext === null && isServiceNumber(digits)) return "";

    if (!international && digits.length === 13 && digits.indexOf("861") === 0) {
      digits = digits.slice(2);
      groups = [digits];
    }

    if (digits.charAt(0) === "1" && !(international && digits.indexOf("10") === 0)) {
      if (ext !== null) return "手机号不能带分机号";
      if (digits.length !== 11) return "位数不对：手机号应为11位数字，现在是" + digits.length + "位";
      if (!/^1[3-9]/.test(digits)) return "不是有效的手机号：第2位应为3到9";
      return "";
    }

    if (international && digits.charAt(0) !== "0") {
      groups[0] = "0" + groups[0];
      digits = "0" + digits;
    }

    if (digits.charAt(0) !== "0") {
      if (digits.length >= 7 && digits.length <= 8) {
        return "缺少区号：固定电话应写成“区号-号码”，如0374-2961234";
      }
      return "不是可识别的手机号、固定电话或服务号码";
    }

    // A trailing group after a complete number is an extension: 0374-2961234-801, but not
    // the 1234 of 010-8888-1234.
    var last = groups[groups.length - 1];
    if (ext === null && groups.length >= 3 && last.length >= 1 && last.length <= 6 &&
        digits.length - last.length >= 10 && digits.length - last.length <= 12) {
      ext = groups.pop();
      digits = groups.join("");
    }
    var area, local;
    if (groups.length > 1 && groups[0].length <= 4) {
      area = groups[0];
      local = groups.slice(1).join("");
    } else {
      // Without a hyphen after the area code the split follows the numbering plan: 010 and
      // 02x are the only three-digit area codes.
      var areaLength = digits.indexOf("01") === 0 || digits.indexOf("02") === 0 ? 3 : 4;
      area = digits.slice(0, areaLength);
      local = digits.slice(areaLength);
    }
    if (area.length < 3 || area.length > 4) return "区号不对：区号应为0加2到3位数字，如010、0374";
    if (local.length < 7 || local.length > 8) return "位数不对：区号后的号码应为7到8位数字";
    if (ext !== null && !/^\d{1,6}$/.test(ext)) return "分机号不对：分机号应为1到6位数字";
    return "";
  }

  /** While typing, only what no further typing can fix, so a half-typed number is not scolded. */
  function phoneProblemWhileTyping(raw) {
    var problem = phoneProblem(raw);
    if (problem === "") return "";
    var body = normalizePhone(raw);
    if (/含有|不是中国大陆|多个“转”/.test(problem)) return problem;
    var digits = body.replace(/^\+?86-?|^0086-?/, "").replace(/[^0-9]/g, "");
    if (/^1[3-9]/.test(digits) && digits.length > 11 && body.indexOf("转") < 0) return problem;
    return "";
  }

  function divisionProblem(raw) {
    var v = raw.trim();
    if (v === "") return "";
    return /^\d{6}$/.test(v) ? "" : "行政区划代码应为6位数字（GB/T 2260）";
  }

  function hasRun(password, length) {
    var s = password.toLowerCase();
    var same = 1, up = 1, down = 1;
    function kind(c) {
      return isDigit(c) ? "d" : c >= "a" && c <= "z" ? "l" : "";
    }
    for (var i = 1; i < s.length; i++) {
      var a = s.charAt(i - 1), b = s.charAt(i);
      var sameKind = kind(a) !== "" && kind(a) === kind(b);
      var step = b.charCodeAt(0) - a.charCodeAt(0);
      same = a === b ? same + 1 : 1;
      up = sameKind && step === 1 ? up + 1 : 1;
      down = sameKind && step === -1 ? down + 1 : 1;
      if (same >= length || up >= length || down >= length) return true;
    }
    return false;
  }

  /** As PasswordPolicy.standard: ≥10 characters, 3 of 4 classes, no user name, no runs. */
  function passwordProblem(password, input) {
    if (password === "") return "";
    var problems = [];
    var length = Array.from ? Array.from(password).length : password.length;
    if (length < 10) problems.push("密码长度至少为10位，当前为" + length + "位");
    var classes = 0;
    if (/[A-Z]/.test(password)) classes++;
    if (/[a-z]/.test(password)) classes++;
    if (/[0-9]/.test(password)) classes++;
    if (/[^A-Za-z0-9]/.test(password)) classes++;
    if (classes < 3) problems.push("须包含大写字母、小写字母、数字、符号中的至少3类，当前只有" + classes + "类");
    var userField = input.form && input.form.querySelector("input[name='username']");
    var name = userField ? userField.value.trim().toLowerCase() : "";
    if (name.length >= 3 && password.toLowerCase().indexOf(name) >= 0) problems.push("密码不能包含用户名");
    if (hasRun(password, 4)) problems.push("不能含有4位及以上的连续或重复字符（如1234、abcd、aaaa）");
    return problems.join("；");
  }

  /** As DirectoryRules.isPlausibleEmail. */
  function emailProblem(raw) {
    var v = raw.trim();
    if (v === "") return "";
    var at = v.split("@");
    var ok = v.length <= 128 && v.indexOf(" ") < 0 && at.length === 2 && at[0] !== "" &&
      at[1].indexOf(".") >= 0 && at[1].charAt(0) !== "." && at[1].charAt(at[1].length - 1) !== ".";
    return ok ? "" : "电子邮箱格式不对，应像 zhangsan@example.gov.cn";
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

  /** The message for one field, or "". `typing` relaxes checks a half-typed value would fail. */
  function problemOf(el, typing) {
    if (el.required && isBlank(el)) {
      if (typing) return "";
      return el.type === "file" ? "必填：请选择要导入的文件" : "必填";
    }
    var v = el.value || "";
    switch (el.getAttribute("data-validate")) {
      case "phone": return typing ? phoneProblemWhileTyping(v) : phoneProblem(v);
      case "division": return typing && v.trim().length < 6 && /^\d*$/.test(v.trim()) ? "" : divisionProblem(v);
      case "password": return typing && v.length < 10 ? "" : passwordProblem(v, el);
    }
    if (el.type === "email") return typing ? "" : emailProblem(v);
    return "";
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

  /** A fieldset with data-require-one / data-exclusive (roles: 三员分立). */
  function groupProblem(fs) {
    var boxes = Array.prototype.slice.call(fs.querySelectorAll("input[type='checkbox']"));
    var checked = boxes.filter(function (b) { return b.checked; });
    var requireOne = fs.getAttribute("data-require-one");
    if (requireOne && checked.length === 0) return requireOne;
    var exclusive = (fs.getAttribute("data-exclusive") || "").split(",").filter(Boolean);
    if (exclusive.length) {
      var clash = checked.filter(function (b) { return exclusive.indexOf(b.value) >= 0; });
      if (clash.length > 1) {
        var names = clash.map(function (b) {
          var label = fs.querySelector("label[for='" + b.id + "']");
          return label ? label.textContent.trim() : b.value;
        });
        return "三员分立：" + names.join("、") + "不能由同一账号兼任";
      }
    }
    return "";
  }

  function checkGroup(fs) {
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
      // Strict once the officer has left the field once; before that, only hopeless input.
      check(el, !touched(el));
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

  // Exposed for tests in a browser console or a unit test runner; the page does not need it.
  window.DutyRoom = {
    parseShanghai: parseShanghai,
    formatShanghai: formatShanghai,
    phoneProblem: phoneProblem,
    passwordProblem: function (p, username) {
      return passwordProblem(p, { form: { querySelector: function () { return { value: username || "" }; } } });
    },
  };

  function init() {
    startClock();
    wireValidation();
    wirePrint();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
