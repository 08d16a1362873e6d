// Quick exit, after GOV.UK's "Exit this page": one click, or Shift pressed three times within
// a second, replaces this page with a neutral site. location.replace() swaps the current
// history entry, so the Back button cannot return to the page that was left.
(function () {
  "use strict";
  var button = document.querySelector("[data-quick-exit]");
  if (!button) return;
  var target = button.getAttribute("data-quick-exit-url") || button.getAttribute("href");
  var status = document.querySelector("[data-quick-exit-status]");
  var leaving = false;

  function leave(event) {
    if (event) event.preventDefault();
    if (leaving) return;
    leaving = true;
    // Tell the neutral site nothing about where the visitor came from.
    var referrer = document.querySelector('meta[name="referrer"]');
    if (referrer) referrer.setAttribute("content", "no-referrer");
    // The message comes translated from the page (includes/_quick_exit.html).
    if (status) status.textContent = status.getAttribute("data-quick-exit-message") || "Leaving this page.";
    // Hide the page at once, before the neutral site has loaded.
    document.body.classList.add("quick-exit--leaving");
    document.title = "Weather";
    window.location.replace(target);
  }

  button.addEventListener("click", leave);

  // Three presses of Shift alone, each within a second of the first. Any other key in between
  // (Shift with a letter, when typing a capital) starts the count again.
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") presses = [];
  });
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = []; return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1000; });
    presses.push(now);
    if (presses.length >= 3) {
      presses = [];
      leave();
    }
  });

  // Marks the control as live (the page's scripts run after its HTML is shown).
  button.setAttribute("data-quick-exit-ready", "");

  // A page restored from the back-forward cache must not stay hidden.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      leaving = false;
      document.body.classList.remove("quick-exit--leaving");
    }
  });
})();
