// The county picker (cate_portal/widgets.py CountyPicker): enhances the grouped checkboxes into
// a searchable tom-select box. Type a county or a region; "All of <region>" adds its counties;
// "All of Missouri (statewide)" ticks the statewide box. The checkboxes stay in the form, hidden,
// and remain what is submitted: the page works the same without JavaScript.
(function () {
  "use strict";

  function init(root) {
    if (typeof TomSelect === "undefined") return;
    var boxes = Array.prototype.slice.call(root.querySelectorAll("input[type=checkbox][data-label]"));
    if (!boxes.length) return;
    var statewide = document.getElementById(root.dataset.statewide);
    var select = document.createElement("select");
    select.multiple = true;
    select.id = boxes[0].name + "_search";
    // tom-select points the <label> at its own search box; the hidden <select> it keeps
    // still needs a name of its own (axe: select-name).
    select.setAttribute("aria-label", root.dataset.searchLabel);
    var label = document.createElement("label");
    label.htmlFor = select.id;
    label.className = "visually-hidden";
    label.textContent = root.dataset.searchLabel;

    // The options are given to tom-select as data (not <option>s) so that each county carries
    // its region's name: typing "Southwest" lists "All of Southwest" first, then its counties.
    var options = [];
    var optgroups = [];
    var items = [];
    var regionMembers = {};
    if (statewide) {
      options.push({ value: "statewide", text: root.dataset.statewideLabel, region: "Missouri" });
      if (statewide.checked) items.push("statewide");
    }
    root.querySelectorAll("details[data-region]").forEach(function (details) {
      var code = details.dataset.region;
      var name = details.querySelector("summary").firstChild.textContent.trim();
      optgroups.push({ value: code, label: name });
      options.push({
        value: "region:" + code,
        text: root.dataset.allLabel + " " + name,
        region: name,
        optgroup: code,
      });
      regionMembers[code] = [];
      details.querySelectorAll("input[data-label]").forEach(function (box) {
        regionMembers[code].push(box.value);
        options.push({ value: box.value, text: box.dataset.label, region: name, optgroup: code });
        if (box.checked) items.push(box.value);
      });
      details.hidden = true;
    });
    var hint = root.querySelector("[data-picker-hint]");
    if (hint) hint.hidden = true;
    root.insertBefore(select, root.firstChild);
    root.insertBefore(label, select);

    var ts;
    function sync() {
      var chosen = {};
      ts.items.forEach(function (value) { chosen[value] = true; });
      boxes.forEach(function (box) { box.checked = !!chosen[box.value]; });
      if (statewide) statewide.checked = !!chosen.statewide;
    }
    ts = new TomSelect(select, {
      // Its words come from the template (data-*), so they are in the page's language.
      plugins: { remove_button: { title: root.dataset.removeLabel } },
      render: {
        no_results: function (data, escape) {
          return '<div class="no-results">' + escape(root.dataset.noResults) + "</div>";
        },
      },
      options: options,
      optgroups: optgroups,
      items: items,
      searchField: ["text", "region"],
      lockOptgroupOrder: true,
      maxOptions: null,
      create: false,
      closeAfterSelect: false,
      // Its default keeps "Greene" typed after choosing it, so the next county typed became
      // "GreeneJasper" and matched nothing: a chosen option empties the search box.
      clearAfterSelect: true,
      // tom-select waits 300 ms after each key before searching (meant for remote data): a
      // quick "Greene" + Enter then chose whatever option was active before the search. The
      // 115 options are local, so search at every key and Enter takes what is shown.
      refreshThrottle: 0,
      placeholder: root.dataset.searchLabel,
    });
    // "change" comes once tom-select has finished adding an item: a region's own item is
    // replaced by its counties there, in the same keystroke, then the checkboxes follow.
    ts.on("change", function () {
      ts.items.slice().forEach(function (value) {
        if (value.indexOf("region:") !== 0) return;
        ts.removeItem(value, true);
        (regionMembers[value.slice(7)] || []).forEach(function (pk) { ts.addItem(pk, true); });
      });
      if (ts.isOpen) ts.refreshOptions(false);
      sync();
    });
    select.tomselect = ts;
    root.tomselectInput = ts.control_input;
    if (statewide) {
      statewide.addEventListener("change", function () {
        if (statewide.checked) ts.addItem("statewide", true);
        else ts.removeItem("statewide", true);
      });
    }
  }

  function onReady() {
    document.querySelectorAll("[data-picker=counties]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onReady);
  } else {
    onReady();
  }
})();
