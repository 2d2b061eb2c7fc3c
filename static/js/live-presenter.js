/* Live meeting, presenter screen and remote control (progressive enhancement of the plain pages).
   Receives the meeting's state and aggregated result snapshots over the socket (a few per second at
   most) and updates the bars, word cloud, scale, ranking and questions in place, so they move calmly.
   A facilitator's buttons and keys (→ ←, R, L, C) send actions over the socket; without it, the buttons
   post their form. Reconnects with backoff and resyncs from the state the server sends on connecting. */
(function () {
  "use strict";
  var root = document.querySelector("[data-presenter]");
  if (!root || !window.WebSocket || !window.JSON) { return; }
  var role = root.getAttribute("data-role");
  var state = JSON.parse(document.getElementById("lp-state").textContent);
  var texts = JSON.parse(document.getElementById("lp-texts").textContent);
  var lang = root.getAttribute("data-lang") || document.documentElement.lang || "nl";
  var numbers = new Intl.NumberFormat(lang === "nl" ? "nl-NL" : "en-GB", {maximumFractionDigits: 1});
  var socket = null;
  var attempts = 0;
  var clockOffset = 0;
  var countdownTimer = null;
  var snapshot = null;
  var seq = -1;
  var nextRef = 1;
  var actionsForm = document.querySelector("[data-actions]");
  var statusNote = document.querySelector("[data-action-status]");

  function $(selector) { return document.querySelector(selector); }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) { return values[name]; });
  }

  function plural(count, one, other) { return format(count === 1 ? one : other, {count: numbers.format(count)}); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    var current = new WebSocket(scheme + "//" + window.location.host + root.getAttribute("data-socket") + "?role=" + role);
    socket = current;
    current.onopen = function () { attempts = 0; setStatus(""); };
    current.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (error) { return; }
      handle(message);
    };
    current.onclose = function (event) {
      if (socket !== current) { return; }
      socket = null;
      if (event.code === 4403 || event.code === 4404) { setStatus(texts.forbidden); return; }
      setStatus(texts.offline);
      attempts += 1;
      var delay = Math.min(10000, 400 * Math.pow(2, Math.min(attempts, 5)));
      window.setTimeout(connect, delay * (0.5 + Math.random() / 2));
    };
  }

  function setStatus(text) { if (statusNote) { statusNote.textContent = text; } }

  function handle(message) {
    if (message.type === "state") {
      if (message.revision < state.revision) { return; }
      clockOffset = Date.now() - message.now;
      var promptChanged = message.current !== state.current;
      state = message;
      renderFrame();
      if (promptChanged) { snapshot = null; renderResults(); }
    } else if (message.type === "results") {
      if (message.seq < seq && message.prompt === (snapshot && snapshot.prompt)) { return; }
      seq = message.seq;
      if (message.prompt !== state.current) { return; }
      snapshot = message;
      setParticipants(message.participants);
      renderResults();
    } else if (message.type === "presence") {
      setParticipants(message.participants);
    } else if (message.type === "done") {
      setStatus("");
    } else if (message.type === "error") {
      setStatus(message.code === "forbidden" ? texts.forbidden : texts.refused);
    }
  }

  function setParticipants(count) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-participants]"), function (node) {
      node.textContent = numbers.format(count);
    });
  }

  function currentPrompt() {
    for (var i = 0; i < state.prompts.length; i++) { if (state.prompts[i].id === state.current) { return state.prompts[i]; } }
    return null;
  }

  function renderFrame() {
    var prompt = currentPrompt();
    var progress = $("[data-progress]");
    if (progress) { progress.textContent = prompt ? prompt.position + " / " + state.prompts.length + " · " + prompt.kind_label : ""; }
    var question = $("[data-question]");
    if (question) {
      question.textContent = prompt ? prompt.text : (state.status === "closed" ? texts.ended : (role === "remote" ? state.status_label : state.title));
      if (prompt) { question.setAttribute("lang", prompt.lang); }
    }
    var translations = $("[data-translations]");
    if (translations) {
      translations.textContent = "";
      (prompt ? prompt.translations : []).forEach(function (line) {
        var item = el("li", null, line.text);
        item.setAttribute("lang", line.lang);
        item.setAttribute("dir", line.dir);
        translations.appendChild(item);
      });
    }
    var locked = $("[data-locked]");
    if (locked) { locked.hidden = !state.locked; }
    var hidden = $("[data-hidden-note]");
    if (hidden) { hidden.hidden = state.results_visible; }
    buttonState("reveal", state.results_visible ? "hide" : "reveal", state.results_visible ? "data-label-hide" : "data-label-reveal");
    buttonState("lock", state.locked ? "unlock" : "lock", state.locked ? "data-label-unlock" : "data-label-lock");
    var next = document.querySelector("[data-action=next]");
    if (next) {
      next.value = state.status === "live" ? "next" : "live";
      next.textContent = (state.status === "live" ? texts.next : texts.start) + " \u2192";
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-prompt-list] > li"), function (item) {
      var button = item.querySelector("[data-action=goto]");
      var isCurrent = button && parseInt(button.getAttribute("data-prompt"), 10) === state.current;
      if (isCurrent) { item.setAttribute("aria-current", "step"); } else { item.removeAttribute("aria-current"); }
      if (button) { button.disabled = state.status !== "live"; }
    });
    var close = document.querySelector("[data-action=close]");
    if (close) { close.disabled = state.status === "closed"; }
    countdown();
  }

  function buttonState(action, value, labelAttribute) {
    var button = document.querySelector("[data-action=" + action + "]");
    if (!button) { return; }
    button.value = value;
    button.textContent = button.getAttribute(labelAttribute);
  }

  function countdown() {
    window.clearInterval(countdownTimer);
    var flag = $("[data-countdown]");
    if (!flag) { return; }
    function tick() {
      var left = state.countdown_ends_at === null ? null : Math.ceil((state.countdown_ends_at - (Date.now() - clockOffset)) / 1000);
      if (left === null || left <= 0) {
        flag.hidden = true;
        window.clearInterval(countdownTimer);
        var locked = $("[data-locked]");
        if (locked && left !== null) { locked.hidden = false; }
        return;
      }
      flag.hidden = false;
      flag.textContent = format(texts.seconds_left, {seconds: left});
    }
    tick();
    countdownTimer = window.setInterval(tick, 250);
  }

  // --- Results -------------------------------------------------------------------------------------

  function chartFor(kind) {
    var chart = $("[data-chart]");
    if (chart.getAttribute("data-kind") !== kind) {
      chart.textContent = "";
      chart.setAttribute("data-kind", kind);
    }
    return chart;
  }

  function renderResults() {
    var respondents = $("[data-respondents]");
    var chart = $("[data-chart]");
    var prompt = currentPrompt();
    if (!snapshot || !prompt) {
      if (respondents) { respondents.textContent = ""; }
      chart.textContent = "";
      chart.removeAttribute("data-kind");
      return;
    }
    var data = snapshot.results;
    if (respondents) {
      var line = plural(data.respondents || 0, texts.answers_one, texts.answers_other);
      if (data.pending && role === "remote") { line += " · " + format(texts.pending, {count: numbers.format(data.pending)}); }
      respondents.textContent = line;
    }
    if (snapshot.hidden && role !== "remote") {
      chart.textContent = "";
      chart.removeAttribute("data-kind");
      return;
    }
    if (data.options) {
      if (data.ranking) { ranking(prompt, data); } else { bars(prompt, data); }
    } else if (data.scale) {
      scale(data.scale);
    } else if (data.words) {
      cloud(data.words);
    } else if (data.entries) {
      entries(prompt.kind, data.entries);
    }
  }

  function optionInfo(prompt, value) {
    var options = prompt.options || [];
    for (var i = 0; i < options.length; i++) { if (options[i].value === value) { return options[i]; } }
    return {label: value, image: ""};
  }

  function barRow(list, key, label, image) {
    var row = list.querySelector("[data-key='" + key + "']");
    if (!row) {
      row = el("li", "lp-bar");
      row.setAttribute("data-key", key);
      var name = el("span", "lp-bar__label");
      if (image) {
        var picture = el("img", "lp-bar__image");
        picture.src = image;
        picture.alt = "";
        picture.width = 48;
        picture.height = 48;
        name.appendChild(picture);
      }
      name.appendChild(el("span", null, label));
      var track = el("span", "lp-bar__track");
      track.setAttribute("aria-hidden", "true");
      track.appendChild(el("span", "lp-bar__fill"));
      row.appendChild(name);
      row.appendChild(track);
      row.appendChild(el("span", "lp-bar__value"));
      list.appendChild(row);
    }
    return row;
  }

  function setBar(row, fraction, valueText) {
    row.querySelector(".lp-bar__fill").style.inlineSize = (Math.max(0, Math.min(1, fraction)) * 100).toFixed(1) + "%";
    row.querySelector(".lp-bar__value").textContent = valueText;
  }

  function bars(prompt, data) {
    var chart = chartFor("bars");
    var list = chart.querySelector("ul") || chart.appendChild(el("ul", "lp-bars"));
    var total = data.respondents || 0;
    var most = Math.max.apply(null, [1].concat(data.options.map(function (o) { return o.count; })));
    data.options.forEach(function (option) {
      var info = optionInfo(prompt, option.value);
      var percent = total ? Math.round(option.count / total * 100) : 0;
      setBar(barRow(list, option.value, info.label, info.image), option.count / most, numbers.format(option.count) + " · " + percent + "%");
    });
  }

  function ranking(prompt, data) {
    var chart = chartFor("ranking");
    var list = chart.querySelector("ol") || chart.appendChild(el("ol", "lp-bars lp-bars--ranking"));
    var points = {};
    data.options.forEach(function (option) { points[option.value] = option.points; });
    var most = Math.max.apply(null, [1].concat(data.options.map(function (o) { return o.points; })));
    data.ranking.forEach(function (value) {
      var info = optionInfo(prompt, value);
      var row = barRow(list, value, info.label, info.image);
      list.appendChild(row);  // in order of points: the list reorders itself as the votes come in
      setBar(row, points[value] / most, format(texts.points, {count: numbers.format(points[value])}));
    });
  }

  function scale(data) {
    var chart = chartFor("scale");
    var list = chart.querySelector("ul") || chart.appendChild(el("ul", "lp-bars"));
    var most = Math.max.apply(null, [1].concat(data.distribution.map(function (d) { return d.count; })));
    data.distribution.forEach(function (point) {
      setBar(barRow(list, String(point.value), String(point.value), ""), point.count / most, numbers.format(point.count));
    });
    var mean = chart.querySelector(".lp-mean") || chart.appendChild(el("p", "lp-mean"));
    mean.textContent = data.mean === null ? "" : format(texts.mean, {value: numbers.format(data.mean)});
  }

  function cloud(words) {
    var chart = chartFor("cloud");
    var list = el("ul", "lp-cloud");
    var counts = words.map(function (word) { return word.count; });
    var most = Math.max.apply(null, [1].concat(counts));
    var least = Math.min.apply(null, [most].concat(counts));
    words.slice(0, 60).forEach(function (word, index) {
      var item = el("li", "lp-cloud__word lp-cloud__word--" + (index % 4), word.text);
      var weight = most === least ? 1 : (word.count - least) / (most - least);
      item.style.fontSize = (1.2 + weight * 3.3).toFixed(2) + "rem";
      var count = el("span", "lp-sr", " (" + numbers.format(word.count) + ")");
      item.appendChild(count);
      list.appendChild(item);
    });
    chart.textContent = "";
    if (!words.length) { chart.appendChild(el("p", "lp-empty", texts.no_answers)); }
    chart.appendChild(list);
  }

  function entries(kind, items) {
    var chart = chartFor(kind === "qa" ? "qa" : "entries");
    var list = el(kind === "qa" ? "ol" : "ul", kind === "qa" ? "lp-qa" : "lp-entries");
    items.slice(0, kind === "qa" ? 12 : 30).forEach(function (item) {
      var row = el("li", kind === "qa" ? "lp-qa__item" : "lp-entries__item");
      if (kind === "qa") {
        row.appendChild(el("span", "lp-qa__votes", "\u25B2 " + numbers.format(item.upvotes)));
      }
      row.appendChild(el("span", "lp-qa__text", item.text));
      if (item.answered) { row.appendChild(el("span", "lp-badge", texts.answered)); }
      list.appendChild(row);
    });
    chart.textContent = "";
    if (!items.length) { chart.appendChild(el("p", "lp-empty", texts.no_answers)); }
    chart.appendChild(list);
  }

  // --- Actions -------------------------------------------------------------------------------------

  function act(name, extra) {
    var message = {type: "action", action: name, ref: nextRef};
    nextRef += 1;
    Object.keys(extra || {}).forEach(function (key) { message[key] = extra[key]; });
    if (socket && socket.readyState === 1) {
      socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (!button || !button.name || button.name !== "action" || !form.closest("[data-presenter], .lp-controls")) { return; }
    if (button.value === "close" && !window.confirm(texts.confirm_close)) { event.preventDefault(); return; }
    var extra = {};
    if (button.value === "goto") { extra.prompt = parseInt(form.elements.prompt.value, 10); }
    if (button.value === "countdown") { extra.seconds = parseInt(form.elements.seconds.value, 10); }
    if (act(button.value, extra)) { event.preventDefault(); }
  });

  var shortcuts = $("[data-shortcuts]");
  document.addEventListener("keydown", function (event) {
    if (!actionsForm || !state.can_facilitate || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA" || target.isContentEditable)) { return; }
    var key = event.key;
    var name = null;
    var extra = {};
    if (key === "ArrowRight" || key === "PageDown") {
      name = state.status === "live" ? "next" : "live";
    } else if (key === "ArrowLeft" || key === "PageUp") {
      name = "previous";
    } else if (shortcuts && shortcuts.checked) {
      // Single-letter keys can be switched off (WCAG 2.1.4).
      var letter = key.toLowerCase();
      if (letter === "r") { name = state.results_visible ? "hide" : "reveal"; }
      if (letter === "l") { name = state.locked ? "unlock" : "lock"; }
      if (letter === "c") {
        var running = state.countdown_ends_at !== null && state.countdown_ends_at > Date.now() - clockOffset;
        name = running ? "stop_countdown" : "countdown";
        var seconds = actionsForm.elements.seconds;
        extra.seconds = seconds ? parseInt(seconds.value, 10) : 30;
      }
    }
    if (!name) { return; }
    event.preventDefault();
    if (!act(name, extra)) {
      var fallback = actionsForm.querySelector("[value=" + name + "]");
      if (fallback) { fallback.click(); }
    }
  });

  renderFrame();
  connect();
})();
