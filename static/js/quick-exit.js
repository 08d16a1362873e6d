// Quick exit, after GOV.UK's "Exit this page": one click, or Shift pressed three times within
// a second, replaces this page with a neutral site. location.replace() keeps the portal out of
// the Back button's history for this tab.
(function () {
  "use strict";
  var button = document.querySelector("[data-quick-exit]");
  if (!button) return;
  var target = button.getAttribute("data-quick-exit-url");
  var status = document.querySelector("[data-quick-exit-status]");

  function leave(event) {
    if (event) event.preventDefault();
    if (status) status.textContent = "Leaving this page.";
    document.body.classList.add("quick-exit--leaving");
    document.title = "Weather";
    window.location.replace(target);
  }

  button.addEventListener("click", leave);

  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = []; return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1000; });
    presses.push(now);
    if (presses.length >= 3) leave();
  });
})();
