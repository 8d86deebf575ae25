// The roster editor: marks cells changed since the page loaded and warns before leaving with
// unsaved changes. The page works without it (plain form posts).
(function () {
  "use strict";
  var form = document.getElementById("roster-form");
  if (!form) return;
  var dirtyNote = document.getElementById("roster-dirty");
  var dirty = false;

  form.addEventListener("change", function (ev) {
    var sel = ev.target;
    if (!sel || sel.tagName !== "SELECT") return;
    var changed = sel.value !== (sel.getAttribute("data-initial") || "");
    sel.parentNode.classList.toggle("cell-changed", changed);
    dirty = form.querySelector(".cell-changed") !== null;
    if (dirtyNote) dirtyNote.hidden = !dirty;
  });

  form.addEventListener("submit", function () { dirty = false; });

  window.addEventListener("beforeunload", function (ev) {
    if (!dirty) return;
    ev.preventDefault();
    ev.returnValue = "";
  });
})();
