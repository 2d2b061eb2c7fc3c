/* Ouderpartner: the network map. Leaflet with markers from a json_script; tiles only when configured.
   Without tiles the markers sit on a plain background; the list below the map always works without JS. */
(function () {
  "use strict";

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function init() {
    var container = document.getElementById("network-map");
    var markers = readJson("map-markers");
    var config = readJson("map-config") || {};
    if (!container || !markers || !markers.length || typeof L === "undefined") {
      return;
    }
    container.hidden = false;
    var legend = document.getElementById("map-legend");
    if (legend) {
      legend.hidden = false;
    }
    if (!config.tileUrl) {
      container.classList.add("op-map--plain");
    }
    var map = L.map(container, { scrollWheelZoom: false, attributionControl: Boolean(config.tileUrl) });
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var bounds = [];
    markers.forEach(function (item) {
      var label = item.name + " (" + (item.trusted ? config.trustedLabel : config.otherLabel) + ")";
      var icon = L.divIcon({
        className: item.trusted ? "op-marker op-marker--trusted" : "op-marker",
        html: item.trusted ? "★" : "●",
        iconSize: item.trusted ? [28, 28] : [20, 20],
      });
      var marker = L.marker([item.lat, item.lng], { icon: icon, title: label, alt: label, keyboard: true });
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = item.url;
      link.className = "utrecht-link";
      link.textContent = item.name;
      popup.appendChild(link);
      if (item.organisation && item.organisation !== item.name) {
        popup.appendChild(document.createTextNode(", " + item.organisation));
      }
      if (item.trusted) {
        popup.appendChild(document.createElement("br"));
        popup.appendChild(document.createTextNode("★ " + config.trustedLabel));
      }
      marker.bindPopup(popup);
      marker.addTo(map);
      bounds.push([item.lat, item.lng]);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], 15);
    } else {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
