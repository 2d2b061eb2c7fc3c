/* Live meeting, participant's phone (progressive enhancement of the plain form page).
   Opens the meeting's socket (the token cookie comes along), swaps in the screen the server renders
   whenever the presenter moves on, answers over the socket and shows the confirmation once the server
   has stored the answer. A dropped connection or a phone waking up reconnects with backoff; joining
   again brings the current state and the participant's own answers, so the screen is what a fresh page
   load shows. Unacknowledged answers are sent again (the server counts each once). Without a working
   socket the forms simply post. */
(function () {
  "use strict";
  var screen = document.getElementById("live-screen");
  if (!screen || !window.WebSocket || !window.JSON) { return; }
  var texts = JSON.parse(document.getElementById("live-texts").textContent);
  var mine = JSON.parse(document.getElementById("live-mine").textContent);
  var language = screen.getAttribute("data-language");
  var revision = parseInt(screen.getAttribute("data-revision"), 10) || 0;
  var status = screen.getAttribute("data-status");
  var connectionNote = document.querySelector("[data-connection]");
  var socket = null;
  var joined = false;
  var attempts = 0;
  var retryTimer = null;
  var offlineTimer = null;
  var pongTimer = null;
  var pending = {};
  var nextRef = 1;
  var clockOffset = 0;
  var countdownEnds = null;
  var countdownTimer = null;
  var locked = false;
  var questions = null;

  function socketUrl() {
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    return scheme + "//" + window.location.host + screen.getAttribute("data-socket");
  }

  function send(message) {
    if (socket && socket.readyState === 1) {
      socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  function connect() {
    window.clearTimeout(retryTimer);
    if (socket && (socket.readyState === 0 || socket.readyState === 1)) { return; }
    var current = new WebSocket(socketUrl());
    socket = current;
    current.onopen = function () { send({type: "join", language: language}); };
    current.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (error) { return; }
      handle(message);
    };
    current.onclose = function () {
      if (socket !== current) { return; }
      socket = null;
      joined = false;
      setOffline(true);
      attempts += 1;
      var delay = Math.min(10000, 400 * Math.pow(2, Math.min(attempts, 5)));
      retryTimer = window.setTimeout(connect, delay * (0.5 + Math.random() / 2));
    };
  }

  function setOffline(isOffline) {
    window.clearTimeout(offlineTimer);
    if (!connectionNote) { return; }
    if (isOffline) {
      // Only after a moment: a quick reconnect should not flash a warning.
      offlineTimer = window.setTimeout(function () { connectionNote.hidden = false; }, 1500);
    } else {
      connectionNote.hidden = true;
    }
  }

  function serverNow() { return Date.now() - clockOffset; }

  function form() { return screen.querySelector("form.live-form"); }

  function promptId() {
    var current = form();
    return current ? current.getAttribute("data-prompt") : null;
  }

  function handle(message) {
    switch (message.type) {
      case "welcome":
        joined = true;
        attempts = 0;
        setOffline(false);
        if (message.state) { handle(message.state); }
        if (message.mine) { handle(message.mine); }
        Object.keys(pending).forEach(function (ref) { send(pending[ref]); });
        break;
      case "state":
        if (message.revision < revision) { return; }
        clockOffset = Date.now() - message.now;
        applyState(message);
        break;
      case "mine":
        mine = message;
        applyMine(true);
        break;
      case "ack":
        delete pending[message.ref];
        remember(message);
        applyMine(false);
        showStatus(message);
        break;
      case "error":
        if (message.ref !== undefined && message.ref !== null) { delete pending[message.ref]; }
        if (message.vote) {
          mine.votes[String(message.prompt)] = message.vote;
          applyMine(true);
        }
        if (message.code !== "not_open" && message.code !== "closed") { showError(message.code); }
        break;
      case "questions":
        questions = message;
        renderQuestions();
        break;
      case "pong":
        window.clearTimeout(pongTimer);
        break;
    }
  }

  function remember(ack) {
    var key = String(ack.prompt);
    if (ack.kind === "vote") {
      mine.votes[key] = ack.vote;
    } else if (ack.kind === "entry") {
      var list = mine.entries[key] || (mine.entries[key] = []);
      if (!list.some(function (item) { return item.id === ack.entry.id; })) { list.push(ack.entry); }
    } else if (ack.kind === "upvote") {
      var at = mine.upvoted.indexOf(ack.entry);
      if (ack.on && at < 0) { mine.upvoted.push(ack.entry); }
      if (!ack.on && at >= 0) { mine.upvoted.splice(at, 1); }
    }
  }

  function readAloud() {
    var event;
    try { event = new Event("op:content"); } catch (error) { event = document.createEvent("Event"); event.initEvent("op:content", true, true); }
    document.dispatchEvent(event);
  }

  function applyState(state) {
    var previousStatus = status;
    var previousPrompt = promptId();
    revision = state.revision;
    status = state.status;
    locked = state.locked;
    countdownEnds = state.countdown_ends_at;
    if (status === "collecting" || previousStatus === "collecting") {
      // Collecting beforehand is a plain page per prompt: load it afresh when that starts or ends.
      if (status !== previousStatus) { window.location.reload(); }
      return;
    }
    if (state.html !== null && state.html !== undefined && state.html !== screen.getAttribute("data-html")) {
      var samePrompt = state.prompt && String(state.prompt.id) === previousPrompt;
      var kept = samePrompt ? keepInput() : null;
      screen.innerHTML = state.html;
      screen.setAttribute("data-html", state.html);
      applyMine(true);
      if (kept) { restoreInput(kept); }
      if (questions && state.prompt && String(questions.prompt) === String(state.prompt.id)) { renderQuestions(); }
      readAloud();
      if (!samePrompt) {
        var heading = screen.querySelector("h1");
        if (heading) {
          heading.setAttribute("tabindex", "-1");
          heading.focus({preventScroll: false});
        }
      }
    }
    updateLock();
  }

  function keepInput() {
    var current = form();
    if (!current) { return null; }
    var values = [];
    Array.prototype.forEach.call(current.elements, function (element) {
      if (element.type === "radio" || element.type === "checkbox") {
        values.push([element.id, element.checked]);
      } else if (element.name === "text" || element.tagName === "SELECT" || element.type === "range") {
        values.push([element.id, element.value]);
      }
    });
    return values;
  }

  function restoreInput(values) {
    values.forEach(function (pair) {
      var element = document.getElementById(pair[0]);
      if (!element) { return; }
      if (typeof pair[1] === "boolean") { element.checked = pair[1]; } else { element.value = pair[1]; }
    });
  }

  function applyMine(setInputs) {
    var current = form();
    if (!current) { return; }
    var key = current.getAttribute("data-prompt");
    var kind = current.getAttribute("data-kind");
    var vote = mine.votes[key];
    var entries = mine.entries[key] || [];
    if (setInputs && vote) {
      if (kind === "ranking") {
        Array.prototype.forEach.call(current.querySelectorAll("select[data-value]"), function (select) {
          var place = vote.choices.indexOf(select.getAttribute("data-value"));
          select.value = place >= 0 ? String(place + 1) : "";
        });
      } else if (kind === "scale") {
        Array.prototype.forEach.call(current.querySelectorAll("[name=number]"), function (input) {
          if (input.type === "range") { input.value = vote.number; } else { input.checked = String(vote.number) === input.value; }
        });
        updateSlider();
      } else {
        Array.prototype.forEach.call(current.querySelectorAll("[name=choice]"), function (input) {
          input.checked = vote.choices.indexOf(input.value) >= 0;
        });
      }
    }
    var list = current.querySelector("[data-mine-list]");
    if (list) {
      list.textContent = "";
      entries.forEach(function (entry) {
        var item = document.createElement("li");
        item.className = "live-mine__item";
        item.textContent = entry.text;
        if (entry.status === "pending") {
          var badge = document.createElement("span");
          badge.className = "live-badge";
          badge.textContent = texts.pending;
          item.appendChild(document.createTextNode(" "));
          item.appendChild(badge);
        }
        list.appendChild(item);
      });
      current.querySelector("[data-mine]").hidden = entries.length === 0;
      var count = current.querySelector("[data-entry-count]");
      if (count) { count.textContent = entries.length + " / " + count.textContent.split("/")[1].trim(); }
    }
    var note = current.querySelector("[data-status]");
    if (note && setInputs) {
      if (vote) {
        note.textContent = texts.saved;
      } else if (entries.length) {
        note.textContent = entries.some(function (entry) { return entry.status === "pending"; }) ? texts.saved_pending : texts.saved;
      } else {
        note.textContent = "";
      }
    }
    Array.prototype.forEach.call(screen.querySelectorAll(".live-upvote__button"), function (button) {
      var entry = parseInt(button.form.elements.entry.value, 10);
      var on = mine.upvoted.indexOf(entry) >= 0;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.value = on ? "unvote" : "upvote";
    });
  }

  function showStatus(ack) {
    var current = form();
    if (!current || String(ack.prompt) !== current.getAttribute("data-prompt")) { return; }
    var error = current.querySelector("[data-error]");
    if (error) { error.hidden = true; error.textContent = ""; }
    if (ack.kind === "upvote") { return; }
    var note = current.querySelector("[data-status]");
    var text = ack.kind === "entry" && ack.entry.status === "pending" ? texts.saved_pending : texts.saved;
    if (note) {
      note.textContent = "";
      window.setTimeout(function () { note.textContent = text; }, 50);
    }
    if (ack.kind === "entry") {
      var field = current.querySelector("[name=text]");
      if (field) { field.value = ""; }
    }
  }

  var ERROR_KEYS = {
    invalid: "choose", too_many: "too_many", too_long: "too_long", cannot_change: "cannot_change",
    not_current: "not_current", locked: "locked", blocked: "blocked", not_found: "not_current", busy: "busy"
  };

  function showError(code) {
    var current = form();
    if (!current) { return; }
    var key = ERROR_KEYS[code] || "server";
    var kind = current.getAttribute("data-kind");
    if (key === "choose" && (kind === "word_cloud" || kind === "open_text" || kind === "qa")) { key = "write"; }
    var error = current.querySelector("[data-error]");
    var note = current.querySelector("[data-status]");
    if (note) { note.textContent = ""; }
    if (error) {
      error.textContent = texts[key];
      error.hidden = false;
    }
  }

  function updateLock() {
    var current = form();
    window.clearInterval(countdownTimer);
    countdownTimer = null;
    if (!current) { return; }
    var counter = current.querySelector("[data-countdown]");
    function tick() {
      var closed = locked || (countdownEnds !== null && serverNow() >= countdownEnds);
      var button = current.querySelector("[data-send]");
      if (button) { button.disabled = closed; }
      var note = current.querySelector("[data-locked]");
      if (closed && !note) {
        note = document.createElement("p");
        note.className = "live-locked";
        note.setAttribute("data-locked", "");
        note.textContent = texts.locked;
        current.querySelector(".p-nav").insertAdjacentElement("beforebegin", note);
      } else if (!closed && note) {
        note.parentNode.removeChild(note);
      }
      if (counter) {
        var left = countdownEnds === null ? null : Math.max(0, Math.ceil((countdownEnds - serverNow()) / 1000));
        counter.hidden = left === null || left === 0;
        if (left) { counter.textContent = texts.seconds_left.replace("{n}", left); }
      }
      if (closed || countdownEnds === null) {
        window.clearInterval(countdownTimer);
        countdownTimer = null;
      }
    }
    tick();
    if (countdownEnds !== null && !locked && serverNow() < countdownEnds) { countdownTimer = window.setInterval(tick, 1000); }
  }

  function updateSlider() {
    var slider = screen.querySelector(".live-slider__input");
    var output = screen.querySelector("[data-slider-value]");
    if (slider && output) { output.textContent = slider.value; }
  }

  function renderQuestions() {
    var list = screen.querySelector("[data-questions-list]");
    var current = form();
    if (!list || !current || !questions || String(questions.prompt) !== current.getAttribute("data-prompt")) { return; }
    var focused = document.activeElement && document.activeElement.classList.contains("live-upvote__button")
      ? document.activeElement.form.elements.entry.value : null;
    list.textContent = "";
    if (!questions.items.length) {
      var empty = document.createElement("li");
      empty.className = "live-questions__empty";
      empty.textContent = texts.no_questions;
      list.appendChild(empty);
    }
    questions.items.forEach(function (question) {
      var item = document.createElement("li");
      item.className = "live-question";
      var text = document.createElement("p");
      text.className = "live-question__text";
      text.textContent = question.text;
      if (question.answered) {
        var badge = document.createElement("span");
        badge.className = "live-badge";
        badge.textContent = texts.answered;
        text.appendChild(document.createTextNode(" "));
        text.appendChild(badge);
      }
      var upvote = document.createElement("form");
      upvote.method = "post";
      upvote.action = current.getAttribute("action");
      upvote.className = "live-upvote";
      [["prompt", current.getAttribute("data-prompt")], ["entry", question.id]].forEach(function (pair) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = pair[0];
        hidden.value = pair[1];
        upvote.appendChild(hidden);
      });
      var button = document.createElement("button");
      button.type = "submit";
      button.name = "action";
      button.className = "live-upvote__button";
      var arrow = document.createElement("span");
      arrow.setAttribute("aria-hidden", "true");
      arrow.textContent = "\u25B2";
      var count = document.createElement("span");
      count.setAttribute("data-count", "");
      count.textContent = question.upvotes;
      var label = document.createElement("span");
      label.className = "live-sr";
      label.textContent = texts.upvote;
      button.appendChild(arrow);
      button.appendChild(document.createTextNode(" "));
      button.appendChild(count);
      button.appendChild(document.createTextNode(" "));
      button.appendChild(label);
      upvote.appendChild(button);
      item.appendChild(text);
      item.appendChild(upvote);
      list.appendChild(item);
    });
    applyMine(false);
    if (focused) {
      var again = list.querySelector("input[name=entry][value='" + focused + "']");
      if (again) { again.form.querySelector("button").focus(); }
    }
  }

  function message(current, submitter) {
    if (current.classList.contains("live-upvote")) {
      return {
        type: "upvote",
        prompt: parseInt(current.elements.prompt.value, 10),
        entry: parseInt(current.elements.entry.value, 10),
        on: submitter ? submitter.getAttribute("aria-pressed") !== "true" : true
      };
    }
    var prompt = parseInt(current.getAttribute("data-prompt"), 10);
    var kind = current.getAttribute("data-kind");
    if (kind === "word_cloud" || kind === "open_text" || kind === "qa") {
      var text = current.elements.text.value.trim();
      if (!text) { showError("invalid"); return null; }
      return {type: "entry", prompt: prompt, text: text};
    }
    if (kind === "scale") {
      var chosen = current.querySelector("[name=number]:checked") || current.querySelector("input[type=range][name=number]");
      if (!chosen) { showError("invalid"); return null; }
      return {type: "vote", prompt: prompt, number: parseInt(chosen.value, 10)};
    }
    if (kind === "ranking") {
      var places = [];
      Array.prototype.forEach.call(current.querySelectorAll("select[data-value]"), function (select) {
        if (select.value) { places.push([parseInt(select.value, 10), select.getAttribute("data-value")]); }
      });
      var used = places.map(function (pair) { return pair[0]; });
      if (!places.length || used.some(function (place, index) { return used.indexOf(place) !== index; })) {
        showError("invalid");
        return null;
      }
      places.sort(function (a, b) { return a[0] - b[0]; });
      return {type: "vote", prompt: prompt, choices: places.map(function (pair) { return pair[1]; })};
    }
    var choices = Array.prototype.map.call(current.querySelectorAll("[name=choice]:checked"), function (input) { return input.value; });
    if (!choices.length) { showError("invalid"); return null; }
    return {type: "vote", prompt: prompt, choices: choices};
  }

  screen.addEventListener("submit", function (event) {
    if (!joined || !socket || socket.readyState !== 1) { return; }  // no socket: the form posts itself
    event.preventDefault();
    var outgoing = message(event.target, event.submitter);
    if (!outgoing) { return; }
    outgoing.ref = nextRef;
    nextRef += 1;
    pending[outgoing.ref] = outgoing;
    send(outgoing);
  });

  screen.addEventListener("input", function (event) {
    if (event.target.classList && event.target.classList.contains("live-slider__input")) { updateSlider(); }
  });

  function checkConnection() {
    if (document.visibilityState === "hidden") { return; }
    if (!socket) {
      attempts = 0;
      connect();
      return;
    }
    // A phone that slept may hold a socket that is dead without knowing it: ask, and reconnect if silent.
    if (send({type: "ping"})) {
      window.clearTimeout(pongTimer);
      pongTimer = window.setTimeout(function () { if (socket) { socket.close(); } }, 4000);
    }
  }

  document.addEventListener("visibilitychange", checkConnection);
  window.addEventListener("online", checkConnection);
  window.addEventListener("pageshow", function (event) { if (event.persisted) { checkConnection(); } });
  window.setInterval(checkConnection, 30000);
  connect();
})();
