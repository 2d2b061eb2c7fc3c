// Pictogram picker: filters the server-rendered radio list while typing. Without JavaScript the whole list shows.
(function () {
  "use strict";
  document.querySelectorAll(".op-picker").forEach(function (picker) {
    var box = picker.querySelector("[data-picker-search]");
    if (!box) return;
    var input = box.querySelector("input");
    var status = box.querySelector("[data-picker-status]");
    var items = picker.querySelectorAll("[data-picker-item]");
    var groups = picker.querySelectorAll("[data-picker-group]");
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var label = item.getAttribute("data-label").toLowerCase();
        var match = words.every(function (word) { return label.indexOf(word) !== -1; });
        item.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-picker-item]:not([hidden])");
      });
      status.textContent = words.length ? (picker.getAttribute("data-found") || "{n}").replace("{n}", shown) : "";
    });
  });
})();
