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
    var label = document.createElement("label");
    label.htmlFor = select.id;
    label.className = "visually-hidden";
    label.textContent = root.dataset.searchLabel;

    var regionMembers = {};
    if (statewide) {
      var everywhere = new Option(root.dataset.statewideLabel, "statewide", false, statewide.checked);
      select.appendChild(everywhere);
    }
    root.querySelectorAll("details[data-region]").forEach(function (details) {
      var code = details.dataset.region;
      var group = document.createElement("optgroup");
      var name = details.querySelector("summary").firstChild.textContent.trim();
      group.label = name;
      group.appendChild(new Option(root.dataset.allLabel + " " + name, "region:" + code));
      regionMembers[code] = [];
      details.querySelectorAll("input[data-label]").forEach(function (box) {
        regionMembers[code].push(box.value);
        group.appendChild(new Option(box.dataset.label, box.value, false, box.checked));
      });
      select.appendChild(group);
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
      plugins: ["remove_button"],
      maxOptions: null,
      closeAfterSelect: false,
      placeholder: root.dataset.searchLabel,
      onItemAdd: function (value) {
        if (value.indexOf("region:") === 0) {
          // After tom-select has finished adding the region's own item.
          window.setTimeout(function () {
            ts.removeItem(value, true);
            (regionMembers[value.slice(7)] || []).forEach(function (pk) { ts.addItem(pk, true); });
            ts.refreshOptions(false);
            sync();
          }, 0);
        }
        sync();
      },
      onItemRemove: sync,
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
