// 应急值班室 — incident forms. Plain JavaScript, no framework, no build step; loaded with
// `defer` after /js/app.js (which does the generic field checks and data-confirm).
//   1. 接报登记 (#incident-form): as the officer types, POST the fields to the draft API and
//      show the standard report text in #report-body (unless the officer has edited it:
//      then offer "用草稿替换"), what the 首报 still lacks in #missing-list, and the suggested
//      level in #level-suggestion; the 定级理由 field appears when the chosen level differs;
//   2. 续报/终报 (#next-report-form): a casualty figure lower than (or deleted from) the last
//      report makes the change reason required, as the server will.
(function () {
  "use strict";

  var DRAFT_DELAY_MS = 300;

  /** A form field's trimmed text ("" when absent). */
  function formValue(form, name) {
    var el = form.elements[name];
    return el && typeof el.value === "string" ? el.value.trim() : "";
  }

  /** A people count as typed, or undefined when it is not a whole number. */
  function formCount(form, name) {
    var v = formValue(form, name);
    return /^\d+$/.test(v) ? parseInt(v, 10) : undefined;
  }

  function formCsrf(form) {
    var input = form.querySelector("input[name='_csrf']");
    return input ? input.value : "";
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function fieldError(el) {
    var box = el.parentNode ? el.parentNode.querySelector(".field-error") : null;
    return box;
  }

  function setFieldError(el, message) {
    var box = fieldError(el);
    if (box) box.textContent = message;
    if (message) el.setAttribute("aria-invalid", "true");
    else el.removeAttribute("aria-invalid");
  }

  /** "2026-11-23T13:50" → "2026-11-23T13:50:00+08:00" (what the JSON API reads). */
  function isoShanghai(value) {
    var m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value || "");
    if (!m) return undefined;
    return m[1] + "T" + m[2] + ":" + m[3] + ":" + (m[4] || "00") + "+08:00";
  }

  // ---------------------------------------------------------------- 1. 接报登记

  var FIELD_OF_MISSING = {
    kindId: "kind-id",
    level: "level",
    levelReason: "level-reason",
    occurredAt: "occurred-at",
    placeDetail: "place-detail",
    event: "event",
    impact: "dead",
    cause: "cause",
    measures: "measures",
    trend: "trend",
  };

  var DRAFT_FIELDS = {
    placeUnitId: true, placeDetail: true, occurredAt: true, receivedAt: true, event: true, dead: true, missing: true,
    injured: true, seriousInjuries: true, trapped: true, lossWan: true, impact: true, cause: true, measures: true, trend: true,
    kindId: true, sourceChannel: true, level: true, levelReason: true,
  };

  function wireIntake(form) {
    var draftUrl = form.getAttribute("data-draft-url");
    var kindsUrl = form.getAttribute("data-kinds-url");
    var body = byId("report-body");
    var editedInput = byId("body-edited");
    var replaceButton = byId("draft-replace");
    var draftStatus = byId("draft-status");
    var missingList = byId("missing-list");
    var kindSelect = byId("kind-id");
    var levelSelect = byId("level");
    var levelHint = byId("level-suggestion");
    var reasonField = byId("level-reason-field");
    var reasonInput = byId("level-reason");
    var received = byId("received-at");
    var occurred = byId("occurred-at");
    var more = byId("intake-more");
    if (!body || !draftUrl) return;

    var lastDraft = null;
    var suggestion = null;
    var productionSafety = null; // kind id → true/false, once loaded
    var timer = null;
    var sent = 0;
    var applied = 0;
    var pending = 0;
    var autoLabel = levelSelect && levelSelect.options.length ? levelSelect.options[0].textContent : "";

    function edited() {
      return editedInput && editedInput.value === "1" && body.value.trim() !== "";
    }

    function setEdited(flag) {
      if (editedInput) editedInput.value = flag ? "1" : "";
    }

    function value(name) { return formValue(form, name); }
    function count(name) { return formCount(form, name); }

    function text(name) {
      return value(name) || undefined;
    }

    function payload() {
      var loss = parseFloat(value("lossWan"));
      return {
        kind: "first",
        intake: true,
        kindId: text("kindId"),
        sourceChannel: text("sourceChannel"),
        level: text("level"),
        levelReason: text("levelReason"),
        placeUnitId: text("placeUnitId"),
        placeDetail: text("placeDetail"),
        occurredAt: isoShanghai(value("occurredAt")),
        receivedAt: isoShanghai(value("receivedAt")),
        event: text("event"),
        dead: count("dead"),
        missing: count("missing"),
        injured: count("injured"),
        seriousInjuries: count("seriousInjuries"),
        trapped: count("trapped"),
        propertyLossYuan: isNaN(loss) || loss < 0 ? undefined : Math.round(loss * 10000),
        impact: text("impact"),
        cause: text("cause"),
        measures: text("measures"),
        trend: text("trend"),
      };
    }

    function csrfToken() { return formCsrf(form); }

    function levelTitle(level) {
      for (var i = 0; i < levelSelect.options.length; i++) {
        if (levelSelect.options[i].value === level) return levelSelect.options[i].textContent;
      }
      return level;
    }

    function renderMissing(missing) {
      if (!missingList) return;
      missingList.textContent = "";
      if (missing.length === 0) {
        var ok = document.createElement("li");
        ok.className = "missing-none";
        ok.textContent = "首报要素已齐全，可以保存";
        missingList.appendChild(ok);
        return;
      }
      missing.forEach(function (m) {
        var li = document.createElement("li");
        var target = FIELD_OF_MISSING[m.field];
        if (m.field === "sourceChannel") {
          var first = form.querySelector("input[name='sourceChannel']");
          target = first ? first.id : "";
        }
        if (target && byId(target)) {
          var a = document.createElement("a");
          a.href = "#" + target;
          a.textContent = m.message;
          a.addEventListener("click", function (ev) {
            ev.preventDefault();
            var el = byId(target);
            if (more && more.contains(el)) more.open = true;
            el.focus();
          });
          li.appendChild(a);
        } else {
          li.textContent = m.message;
        }
        missingList.appendChild(li);
      });
    }

    /** The suggestion, whether the level must be chosen, and whether a reason is needed. */
    function updateLevel() {
      if (!levelSelect || !levelHint) return;
      var kind = kindSelect ? kindSelect.value : "";
      var ps = productionSafety && kind ? productionSafety[kind] : undefined;
      var chosen = levelSelect.value;
      var needLevel = false;
      var needReason = false;
      var message;
      if (ps === false) {
        message = "该类事件不按伤亡人数自动定级，请选择事件级别。";
        needLevel = true;
      } else if (!suggestion) {
        message = ps === true
          ? "填写死亡、受伤人数或直接经济损失后自动建议级别；也可直接选择。"
          : "生产安全事故按死亡、重伤人数和直接经济损失自动建议级别；其他事件请选择级别。";
        needLevel = ps === true;
      } else {
        message = "建议级别：" + levelTitle(suggestion.level) +
          (suggestion.reasons.length ? "（" + suggestion.reasons.join("；") + "）" : "");
        if (ps === undefined && kind === "") message += "。适用于生产安全事故。";
        if (chosen && chosen !== suggestion.level) {
          needReason = true;
          message += "。所选级别与建议不同，请填写定级理由。";
        }
      }
      levelHint.textContent = message;
      levelHint.classList.toggle("level-suggested", !!suggestion && ps !== false);
      levelSelect.required = needLevel;
      levelSelect.options[0].textContent = needLevel
        ? "请选择级别"
        : suggestion && ps !== false
          ? "按建议（" + levelTitle(suggestion.level) + "）"
          : autoLabel;
      if (reasonField && reasonInput) {
        reasonInput.required = needReason;
        reasonField.hidden = !(needReason || reasonInput.value.trim() !== "");
      }
    }

    function apply(d) {
      lastDraft = typeof d.text === "string" ? d.text : "";
      if (!edited()) {
        body.value = lastDraft;
        setEdited(false);
      }
      replaceButton.hidden = !(edited() && body.value !== lastDraft);
      renderMissing(d.missing || []);
      // The order of the first instants, in the server's words (ReportInputRules.times).
      var times = { receivedAt: "", occurredAt: "" };
      (d.timeProblems || []).forEach(function (p) { if (times[p.field] === "") times[p.field] = p.message; });
      setFieldError(received, times.receivedAt);
      setFieldError(occurred, times.occurredAt);
      suggestion = d.suggestedLevel ? { level: d.suggestedLevel, reasons: d.levelReasons || [] } : null;
      updateLevel();
    }

    function requestDraft() {
      timer = null;
      var id = ++sent;
      pending++;
      draftStatus.textContent = "正在生成草稿…";
      fetch(draftUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrfToken() },
        body: JSON.stringify(payload()),
      })
        .then(function (res) {
          if (res.status === 401) throw new Error("登录已失效，请重新登录后再保存");
          if (!res.ok) {
            return res.json().then(
              function (e) { throw new Error((e && e.error && e.error.message) || "草稿暂时无法生成"); },
              function () { throw new Error("草稿暂时无法生成（" + res.status + "）"); }
            );
          }
          return res.json();
        })
        .then(function (d) {
          if (id < applied) return; // an older answer arriving late
          applied = id;
          apply(d);
          draftStatus.textContent = !edited() ? ""
            : body.value !== lastDraft ? "正文已手工修改，未随填写内容更新；需要时点“用草稿替换”"
              : "正文已手工修改，不再自动更新";
        })
        .catch(function (err) {
          if (id >= applied) draftStatus.textContent = err.message || "草稿暂时无法生成";
        })
        .then(function () {
          pending--;
        });
    }

    function scheduleDraft() {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(requestDraft, DRAFT_DELAY_MS);
    }

    form.addEventListener("input", function (ev) {
      var el = ev.target;
      if (el === body) {
        if (body.value.trim() === "") setEdited(false);
        else if (body.value !== lastDraft) setEdited(true);
        replaceButton.hidden = !(edited() && lastDraft !== null && body.value !== lastDraft);
        draftStatus.textContent = edited() ? "正文已手工修改，不再自动更新" : "";
        return;
      }
      if (el.name && DRAFT_FIELDS[el.name]) scheduleDraft();
      if (el.name === "levelReason") updateLevel();
    });

    form.addEventListener("change", function (ev) {
      var el = ev.target;
      if (el.name && DRAFT_FIELDS[el.name]) scheduleDraft();
      if (el === kindSelect || el === levelSelect) updateLevel();
    });

    replaceButton.addEventListener("click", function () {
      if (lastDraft === null) return;
      body.value = lastDraft;
      setEdited(false);
      replaceButton.hidden = true;
      draftStatus.textContent = "已用草稿替换，正文将随填写内容自动更新";
      body.focus();
    });

    // After app.js has had its say: an untouched preview that is not yet up to date is sent
    // empty, so that the server drafts the text from exactly the fields being saved.
    document.addEventListener("submit", function (ev) {
      if (ev.target !== form || ev.defaultPrevented) return;
      if (!edited() && (timer || pending > 0)) body.value = "";
    });

    if (more) {
      var filled = Array.prototype.some.call(more.querySelectorAll("input"), function (el) {
        if (el.type === "checkbox") return el.checked;
        if (el.type === "radio") return el.checked && el.value === "general";
        return el.value.trim() !== "";
      });
      if (filled) more.open = true;
    }

    if (kindsUrl && window.fetch) {
      fetch(kindsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (res) {
          return res.ok ? res.json() : [];
        })
        .then(function (list) {
          productionSafety = {};
          (list || []).forEach(function (k) {
            productionSafety[k.id] = !!k.productionSafety;
          });
          updateLevel();
        })
        .catch(function () {});
    }

    if (reasonField && reasonInput && reasonInput.value.trim() === "") reasonField.hidden = true;
    requestDraft();
  }

  // ---------------------------------------------------------------- 2. 续报 / 终报

  // The server checks the report as typed (POST …/reports/check, the same rules as saving):
  // this only shows its answer — casualty changes, decreases that need a reason, missing
  // elements — and marks the reason as required when the server says so.
  function wireNextReport(form) {
    var reason = form.querySelector("[name='changeReason']");
    if (!reason || !window.fetch) return;
    var checkUrl = "/api/v1" + form.getAttribute("action") + "/check";
    var note = document.createElement("p");
    note.className = "change-note";
    note.id = "change-note";
    note.setAttribute("aria-live", "polite");
    reason.parentNode.insertBefore(note, reason);
    var timer = null;
    var sent = 0;

    function value(name) { return formValue(form, name); }
    function count(name) { return formCount(form, name); }
    function payload() {
      var loss = parseFloat(value("lossWan"));
      return {
        kind: value("kind") || "follow_up",
        event: value("event") || undefined,
        dead: count("dead"),
        missing: count("missing"),
        injured: count("injured"),
        seriousInjuries: count("seriousInjuries"),
        trapped: count("trapped"),
        propertyLossYuan: isNaN(loss) || loss < 0 ? undefined : Math.round(loss * 10000),
        impact: value("impact") || undefined,
        cause: value("cause") || undefined,
        measures: value("measures") || undefined,
        trend: value("trend") || undefined,
        changeReason: value("changeReason") || undefined,
      };
    }
    function csrfToken() { return formCsrf(form); }
    function words(list) {
      return (list || []).map(function (m) { return m.message; }).join("；");
    }

    function check() {
      timer = null;
      var id = ++sent;
      fetch(checkUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrfToken() },
        body: JSON.stringify(payload()),
      })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (d) {
          if (!d || id !== sent) return;
          var messages = [];
          if (d.unexplained.length) messages.push(words(d.unexplained) + "，请填写变更原因");
          else if (d.changes.length) messages.push("伤亡人数变化：" + d.changes.join("；"));
          if (d.missing.length) messages.push("尚缺：" + words(d.missing));
          if (d.problems.length) messages.push(words(d.problems));
          note.textContent = messages.join("。");
          reason.required = d.unexplained.length > 0;
        })
        .catch(function () {});
    }
    function schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(check, 250);
    }

    // The text the report will carry, drafted by the server from the fields as they stand.
    var preview = byId("next-draft");
    var draftUrl = form.getAttribute("data-draft-url");
    var drafted = 0;
    function draft() {
      if (!preview || !draftUrl) return;
      var p = payload();
      var body = {
        kind: p.kind, kindId: form.getAttribute("data-kind-id") || undefined,
        sequence: parseInt(form.getAttribute("data-sequence") || "1", 10),
        placeUnitId: form.getAttribute("data-place-unit") || undefined,
        placeDetail: form.getAttribute("data-place-detail") || undefined,
        occurredAt: form.getAttribute("data-occurred") || undefined,
        event: p.event, dead: p.dead, missing: p.missing, injured: p.injured, seriousInjuries: p.seriousInjuries, trapped: p.trapped,
        propertyLossYuan: p.propertyLossYuan, impact: p.impact, cause: p.cause, measures: p.measures, trend: p.trend,
      };
      var id = ++drafted;
      fetch(draftUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrfToken() },
        body: JSON.stringify(body),
      })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (d) { if (d && id === drafted) preview.textContent = d.text; })
        .catch(function () {});
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    var draftTimer = null;
    function scheduleDraft() {
      if (draftTimer) clearTimeout(draftTimer);
      draftTimer = setTimeout(draft, 300);
    }
    form.addEventListener("input", scheduleDraft);
    form.addEventListener("change", scheduleDraft);
    check();
  }

  function init() {
    var intake = byId("incident-form");
    if (intake && window.fetch) wireIntake(intake);
    var next = byId("next-report-form");
    if (next) wireNextReport(next);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// ---------------------------------------------------------------- 3. 粘贴来电记录 and 关联事件
//   The intake form reads a pasted call (POST /api/v1/reports/parse) into its fields, marking
//   each filled one until the officer touches it; and, once kind and time are known, lists
//   open cases a superior already holds about the same area (GET /api/v1/incidents/matches),
//   so the officer attaches instead of opening a second case.
(function () {
  "use strict";

  var form = document.getElementById("incident-form");
  var box = document.getElementById("transcript");
  var button = document.getElementById("transcript-parse");
  var status = document.getElementById("transcript-status");
  if (!form || !window.fetch) return;

  // API field → the form's input id.
  var INPUT_OF = {
    occurredAt: "occurred-at", placeDetail: "place-detail", event: "event", kindId: "kind-id", dead: "dead", missing: "missing",
    injured: "injured", seriousInjuries: "serious-injuries", trapped: "trapped", propertyLossYuan: "loss-wan", cause: "cause",
    measures: "measures", placeDivision: "place-unit",
  };

  function csrf() {
    var input = form.querySelector("input[name='_csrf']");
    return input ? input.value : "";
  }

  /** "2026-11-23T15:40:00Z" → "2026-11-23T23:40" in Asia/Shanghai (UTC+8, no daylight saving). */
  function localShanghai(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    var s = new Date(d.getTime() + 8 * 3600 * 1000).toISOString();
    return s.slice(0, 16);
  }

  function mark(el) {
    el.classList.add("filled-by-parse");
    el.setAttribute("data-filled", "1");
    var clear = function () {
      el.classList.remove("filled-by-parse");
      el.removeAttribute("data-filled");
      el.removeEventListener("input", clear);
      el.removeEventListener("change", clear);
    };
    el.addEventListener("input", clear);
    el.addEventListener("change", clear);
  }

  function fire(el) {
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function apply(result) {
    var f = result.fields || {};
    var count = 0;
    (result.filled || []).forEach(function (name) {
      var el = document.getElementById(INPUT_OF[name]);
      if (!el) return;
      var value;
      if (name === "occurredAt") value = localShanghai(f.occurredAt);
      else if (name === "placeDivision") value = result.placeUnitId || "";
      else if (name === "propertyLossYuan") value = String(f.propertyLossYuan / 10000);
      else value = f[name] === undefined || f[name] === null ? "" : String(f[name]);
      if (value === "") return;
      el.value = value;
      // The form's own listeners first (draft, level), then the mark the officer's touch clears.
      fire(el);
      mark(el);
      count += 1;
    });
    status.textContent = count
      ? "已填写 " + count + " 项（黄色标出），请逐项核对后保存"
      : "没有识别出可填写的内容，请手工填写";
    findMatches();
  }

  if (box && button) {
    button.addEventListener("click", function () {
      var text = box.value.trim();
      if (!text) {
        status.textContent = "请先粘贴来电记录";
        box.focus();
        return;
      }
      status.textContent = "正在识别…";
      fetch(box.getAttribute("data-parse-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf() },
        body: JSON.stringify({ text: text }),
      })
        .then(function (res) {
          return res.json().then(function (d) {
            if (!res.ok) throw new Error((d && d.error && d.error.message) || "识别失败（" + res.status + "）");
            return d;
          });
        })
        .then(apply)
        .catch(function (err) { status.textContent = err.message || "识别失败"; });
    });
  }

  // ------------------------------------------------------------ matching cases
  var matches = document.getElementById("case-matches");
  var list = document.getElementById("case-matches-list");
  var asked = "";

  function findMatches() {
    if (!matches || !list) return;
    var kind = form.elements.kindId ? form.elements.kindId.value : "";
    if (!kind) return;
    var q = "kindId=" + encodeURIComponent(kind);
    var occurred = form.elements.occurredAt ? form.elements.occurredAt.value : "";
    var received = form.elements.receivedAt ? form.elements.receivedAt.value : "";
    if (occurred) q += "&occurredAt=" + encodeURIComponent(occurred + ":00+08:00");
    if (received) q += "&receivedAt=" + encodeURIComponent(received + ":00+08:00");
    if (q === asked) return;
    asked = q;
    fetch(matches.getAttribute("data-matches-url") + "?" + q, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (res) { return res.ok ? res.json() : []; })
      .then(function (found) {
        var chosen = form.querySelector("input[name='attachToCaseId']:checked");
        var keep = chosen ? chosen.value : "";
        list.textContent = "";
        (found || []).forEach(function (m, i) {
          var id = "attach-" + i;
          var span = document.createElement("span");
          span.className = "check case-match";
          var input = document.createElement("input");
          input.type = "radio";
          input.name = "attachToCaseId";
          input.id = id;
          input.value = m.caseId;
          input.checked = m.caseId === keep;
          var label = document.createElement("label");
          label.setAttribute("for", id);
          label.textContent = "关联到：" + m.holderUnitName + " " + localShanghai(m.receivedAt).replace("T", " ") + " 获知（" +
            m.kindTitle + "，" + m.levelTitle + "）" + m.title;
          span.appendChild(input);
          span.appendChild(label);
          list.appendChild(span);
        });
        if (found && found.length) {
          var none = document.createElement("span");
          none.className = "check";
          none.innerHTML = '<input type="radio" name="attachToCaseId" id="attach-none" value=""' + (keep ? "" : " checked") +
            '><label for="attach-none">不是同一事件，新登记</label>';
          list.appendChild(none);
        }
        matches.hidden = !(found && found.length);
      })
      .catch(function () { /* the form works without the list */ });
  }

  form.addEventListener("change", function (ev) {
    var n = ev.target && ev.target.name;
    if (n === "kindId" || n === "occurredAt" || n === "receivedAt") findMatches();
  });
  findMatches();
})();
