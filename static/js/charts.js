/* Ouderpartner: Vega-Lite charts. Each chart is a <div data-chart="id"> beside a json_script with the
   spec; the figures are also in the data table next to it, so nothing is lost without JavaScript.
   Vega runs with its expression interpreter (no eval), and neither vega-embed nor its tooltip injects a
   <style> element (their rules are in ouderpartner.css), so the strict Content-Security-Policy holds. */
(function () {
  "use strict";

  function render(container) {
    var source = document.getElementById(container.getAttribute("data-chart"));
    if (!source || typeof vegaEmbed === "undefined" || typeof vega === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    if (!spec.data || !spec.data.values || !spec.data.values.length) {
      return;
    }
    container.hidden = false;
    vegaEmbed(container, spec, {
      renderer: "svg",
      actions: false,
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
      ast: true,
      expr: vega.expressionInterpreter,
      i18n: { PNG_ACTION: "", SVG_ACTION: "" }
    }).then(function (result) {
      var svg = container.querySelector("svg");
      if (svg) {
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", spec.description || "");
        svg.setAttribute("focusable", "false");
      }
      container.setAttribute("data-rendered", "true");
      return result;
    }).catch(function (error) {
      container.hidden = true;
      if (window.console) {
        window.console.warn("Chart not drawn:", error);
      }
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), render);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
