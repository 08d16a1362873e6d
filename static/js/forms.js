// Every form of the site (docs/forms.md): after a failed submit, focus moves to the error
// summary; a link of the summary moves focus to its field (the first box of a group, or the
// search box of an enhanced picker), scrolled into view with its label.
(function () {
  "use strict";

  function fieldFor(link) {
    var id = decodeURIComponent(link.hash.slice(1));
    var target = document.getElementById(id);
    if (!target && link.dataset.field) {
      target = document.getElementById(link.dataset.field);
    }
    if (target && target.tomselect) {
      return target.tomselect.control_input;
    }
    var picker = target && target.closest("[data-picker]");
    if (picker && picker.tomselectInput) {
      return picker.tomselectInput;
    }
    if (target && target.closest("details")) {
      target.closest("details").open = true;
    }
    return target;
  }

  function scrollTarget(field) {
    var holder = field.closest("fieldset") || field.closest(".mb-3") || field;
    return holder;
  }

  function onReady() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = fieldFor(link);
      if (!field) return;
      event.preventDefault();
      scrollTarget(field).scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onReady);
  } else {
    onReady();
  }
})();
