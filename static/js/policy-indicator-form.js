// The indicator form: show the fields that matter. "Read from Ouderpartner" shows the value to read and
// only the parameters that value needs or accepts; "Entered by hand" shows the kind of value and the
// source. Without JavaScript every field stays visible and the server checks them all the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-indicator-form]");
  var data = document.getElementById("reader-parameters");
  if (!form || !data) return;
  var readers = JSON.parse(data.textContent);

  function source() {
    var checked = form.querySelector("input[name=source]:checked");
    return checked ? checked.value : "";
  }

  function hasError(element) {
    return element.querySelector(".utrecht-form-field-error-message") !== null;
  }

  function update() {
    var current = source();
    form.querySelectorAll("[data-source]").forEach(function (part) {
      part.hidden = current !== "" && part.getAttribute("data-source") !== current && !hasError(part);
    });
    var select = form.querySelector("select[name=live_key]");
    var wanted = readers[select ? select.value : ""] || null;
    form.querySelectorAll("[data-parameter]").forEach(function (wrapper) {
      var name = wrapper.getAttribute("data-parameter");
      wrapper.hidden = wanted !== null && wanted.indexOf(name) === -1 && !hasError(wrapper);
    });
  }

  form.addEventListener("change", update);
  update();
})();
