/* Read aloud (progressive enhancement): a speaker button next to every [data-read] text on parent pages.
   Plays the uploaded recording (data-audio) if there is one, else the browser's speech synthesis in the
   page's language; no button when neither is available. Nothing is sent anywhere. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "nl";
  var label = document.body.getAttribute("data-read-label") || "Read aloud";
  var synth = window.speechSynthesis;
  var current = null;

  function voiceFor(voices) {
    var base = lang.toLowerCase().split("-")[0];
    for (var i = 0; i < voices.length; i++) {
      if ((voices[i].lang || "").toLowerCase().split(/[-_]/)[0] === base) { return voices[i]; }
    }
    return null;
  }

  function stop() {
    if (current) { current.pause(); current = null; }
    if (synth) { synth.cancel(); }
  }

  function makeButton(el, play) {
    var text = (el.textContent || "").trim();
    var button = document.createElement("button");
    button.type = "button";
    button.className = "p-speak";
    button.setAttribute("aria-label", label + ": " + text);
    button.textContent = "\uD83D\uDD0A";
    button.addEventListener("click", function (event) {
      event.preventDefault();
      stop();
      play(text);
    });
    var anchor = el.closest("label") && el.closest(".p-option") ? el.closest("label") : el;
    anchor.insertAdjacentElement("afterend", button);
  }

  function setUp(voices) {
    var voice = voices ? voiceFor(voices) : null;
    document.querySelectorAll("[data-read]").forEach(function (el) {
      if (el.getAttribute("data-read-ready")) { return; }
      var audio = el.getAttribute("data-audio");
      if (audio) {
        el.setAttribute("data-read-ready", "1");
        makeButton(el, function () { current = new Audio(audio); current.play(); });
      } else if (voice) {
        el.setAttribute("data-read-ready", "1");
        makeButton(el, function (text) {
          var utterance = new SpeechSynthesisUtterance(text);
          utterance.lang = lang;
          utterance.voice = voice;
          synth.speak(utterance);
        });
      }
    });
  }

  setUp(synth ? synth.getVoices() : null);
  if (synth && "onvoiceschanged" in synth) {
    synth.addEventListener("voiceschanged", function () { setUp(synth.getVoices()); });
  }
  // Pages that replace their content (the live meeting's phone screen) announce it with this event.
  document.addEventListener("op:content", function () { setUp(synth ? synth.getVoices() : null); });
})();
