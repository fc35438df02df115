// Debrief chat room: joins over Socket.IO, rejoins after a lost connection and asks for the
// messages it missed by the last id it saw, so nothing is lost and nothing shown twice.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || typeof io === "undefined") return;

  var sessionId = parseInt(root.dataset.session, 10);
  var isModerator = root.dataset.moderator === "true";
  var log = document.getElementById("chat-log");
  var scroller = document.getElementById("chat-scroll");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");
  var sendButton = document.getElementById("chat-send");
  var errorBox = document.getElementById("chat-error");
  var statusBox = document.getElementById("chat-status");
  var typingBox = document.getElementById("chat-typing");
  var presenceList = document.getElementById("chat-presence");
  var pauseButton = document.getElementById("chat-pause");
  var muteMinutes = document.getElementById("chat-mute-minutes");
  var warningBox = document.getElementById("chat-warning");
  var warningText = document.getElementById("chat-warning-text");

  var seen = new Set();
  var lastId = 0;
  var me = null;
  var paused = false;
  var mutedUntil = null;
  var ended = false;
  var typists = {};
  var lastTyping = 0;

  var socket = io(root.dataset.namespace);

  function setStatus(text) { statusBox.textContent = text; }
  function showError(text) {
    errorBox.textContent = text || "";
    if (text) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
  }
  function scrollDown() { scroller.scrollTop = scroller.scrollHeight; }

  function updateComposer() {
    var blocked = ended || (!isModerator && (paused || mutedUntil));
    input.disabled = ended;
    sendButton.disabled = blocked;
    if (ended) setStatus("Økten er avsluttet, og samtalen er slettet.");
    else if (!isModerator && paused) setStatus("Moderator har satt rommet på pause. Du kan lese, men ikke skrive.");
    else if (!isModerator && mutedUntil) setStatus("Moderator har dempet deg til kl. " + mutedUntil + ".");
    else if (socket.connected) setStatus("Tilkoblet. Du heter «" + (me ? me.label : "") + "» i rommet.");
    if (pauseButton) {
      pauseButton.setAttribute("aria-pressed", paused ? "true" : "false");
      pauseButton.textContent = paused ? "Åpne rommet for skriving igjen" : "Sett rommet på pause";
    }
  }

  function addNotice(text) {
    var item = document.createElement("li");
    item.className = "chat__notice";
    item.textContent = text;
    log.appendChild(item);
    scrollDown();
  }

  function markDeleted(id) {
    var item = log.querySelector('li[data-id="' + id + '"]');
    if (!item) return;
    item.querySelector(".chat__body").textContent = "Meldingen er slettet av moderator.";
    var button = item.querySelector("button");
    if (button) button.remove();
  }

  function addMessage(message) {
    if (seen.has(message.id)) return;
    seen.add(message.id);
    lastId = Math.max(lastId, message.id);
    var item = document.createElement("li");
    item.className = "chat__msg";
    item.dataset.id = String(message.id);
    var meta = document.createElement("p");
    meta.className = "chat__meta";
    var who = document.createElement("strong");
    who.textContent = message.author;
    meta.appendChild(who);
    if (message.name && message.ref.charAt(0) === "p") meta.appendChild(document.createTextNode(" (" + message.name + ")"));
    meta.appendChild(document.createTextNode(" kl. " + message.at));
    if (message.warning_overridden) {
      var flag = document.createElement("span");
      flag.className = "ds-tag chat__flag";
      flag.dataset.color = "warning";
      flag.textContent = "Sendt tross advarsel om personopplysninger";
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(flag);
    }
    var body = document.createElement("div");
    body.className = "chat__body";
    // The server escapes the text and only adds http(s) links and line breaks (nh3 allow-list).
    body.innerHTML = message.html;
    item.appendChild(meta);
    item.appendChild(body);
    if (isModerator && !message.deleted) {
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "ds-button";
      remove.dataset.variant = "tertiary";
      remove.dataset.size = "sm";
      remove.textContent = "Slett";
      remove.setAttribute("aria-label", "Slett meldingen fra " + message.author + " kl. " + message.at);
      remove.addEventListener("click", function () {
        socket.emit("delete", { session: sessionId, message: message.id }, function (reply) {
          if (!reply.ok) showError(reply.error);
        });
      });
      item.appendChild(remove);
    }
    log.appendChild(item);
    if (message.deleted) markDeleted(message.id);
    scrollDown();
  }

  function moderatorButton(label, name, handler) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ds-button";
    button.dataset.variant = "tertiary";
    button.dataset.size = "sm";
    button.textContent = label;
    button.setAttribute("aria-label", label + " " + name);
    button.addEventListener("click", handler);
    return button;
  }

  function renderPresence(people) {
    presenceList.replaceChildren();
    people.forEach(function (person) {
      var item = document.createElement("li");
      var text = person.label + (person.name && !person.moderator ? " (" + person.name + ")" : "");
      item.appendChild(document.createTextNode(text + (me && person.ref === me.ref ? " – deg" : "")));
      if (isModerator && !person.moderator) {
        item.appendChild(moderatorButton("Demp", person.label, function () {
          var minutes = parseInt(muteMinutes.value, 10);
          socket.emit("mute", { session: sessionId, ref: person.ref, minutes: minutes }, function (reply) {
            if (!reply.ok) showError(reply.error);
          });
        }));
        item.appendChild(moderatorButton("Ta ut", person.label, function () {
          if (!window.confirm("Ta " + person.label + " ut av økten?")) return;
          socket.emit("remove", { session: sessionId, ref: person.ref }, function (reply) {
            if (!reply.ok) showError(reply.error);
          });
        }));
      }
      presenceList.appendChild(item);
    });
  }

  function join() {
    socket.emit("join", { session: sessionId, last_id: lastId }, function (reply) {
      if (!reply || !reply.ok) {
        ended = true;
        setStatus(reply && reply.error ? reply.error : "Du kom ikke inn i rommet.");
        input.disabled = true;
        sendButton.disabled = true;
        return;
      }
      me = { ref: reply.you, label: reply.label };
      paused = reply.paused;
      mutedUntil = reply.muted_until;
      reply.messages.forEach(addMessage);
      reply.deleted.forEach(markDeleted);
      renderPresence(reply.presence);
      updateComposer();
    });
  }

  socket.on("connect", join);
  socket.on("disconnect", function (reason) {
    if (ended) return;
    if (reason === "io server disconnect") {
      ended = true;
      setStatus("Forbindelsen ble avsluttet. Last siden på nytt for å komme inn igjen.");
      input.disabled = true;
      sendButton.disabled = true;
    } else {
      setStatus("Mistet forbindelsen. Kobler til igjen …");
    }
  });
  socket.on("connect_error", function () {
    if (!ended) setStatus("Får ikke kontakt med rommet. Prøver igjen …");
  });
  socket.on("chat", function (message) {
    if (message.session === sessionId) addMessage(message);
  });
  socket.on("deleted", function (data) {
    if (data.session === sessionId) markDeleted(data.id);
  });
  socket.on("presence", function (data) {
    if (data.session === sessionId) renderPresence(data.people);
  });
  socket.on("notice", function (data) {
    if (data.session === sessionId) addNotice(data.text);
  });
  socket.on("paused", function (data) {
    if (data.session !== sessionId) return;
    paused = data.paused;
    addNotice(paused ? "Moderator har satt rommet på pause." : "Rommet er åpent for skriving igjen.");
    updateComposer();
  });
  socket.on("muted", function (data) {
    if (data.session !== sessionId) return;
    mutedUntil = data.until;
    updateComposer();
  });
  socket.on("removed", function (data) {
    if (data.session !== sessionId) return;
    ended = true;
    setStatus("Moderator har tatt deg ut av økten.");
    input.disabled = true;
    sendButton.disabled = true;
  });
  socket.on("closed", function (data) {
    if (data.session !== sessionId) return;
    ended = true;
    addNotice("Økten er avsluttet.");
    updateComposer();
    socket.disconnect();
  });
  socket.on("typing", function (data) {
    if (data.session !== sessionId) return;
    clearTimeout(typists[data.ref] && typists[data.ref].timer);
    typists[data.ref] = {
      label: data.label,
      timer: setTimeout(function () { delete typists[data.ref]; showTyping(); }, 4000),
    };
    showTyping();
  });

  function showTyping() {
    var names = Object.keys(typists).map(function (ref) { return typists[ref].label; });
    typingBox.textContent = names.length ? names.join(", ") + " skriver …" : "";
  }

  // The server scans each message for names, fødselsnummer and the like before storing it, and
  // answers with a warning instead; the writer edits, or sends anyway (which moderators see).
  function hideWarning() {
    warningBox.hidden = true;
    warningText.textContent = "";
  }
  function showWarning(text) {
    warningText.textContent = text;
    warningBox.hidden = false;
    warningBox.focus();
  }

  function send(override) {
    var body = input.value;
    if (!body.trim()) { showError("Meldingen er tom. Skriv noe før du sender."); return; }
    if (!socket.connected) {
      showError("Ikke tilkoblet. Meldingen er ikke sendt – den står fortsatt i feltet.");
      return;
    }
    sendButton.disabled = true;
    var payload = { session: sessionId, body: body, override: override === true };
    socket.timeout(10000).emit("send", payload, function (err, reply) {
      sendButton.disabled = false;
      updateComposer();
      if (err) { showError("Fikk ikke svar. Meldingen står fortsatt i feltet; prøv igjen."); return; }
      if (!reply.ok && reply.warning) { showError(""); showWarning(reply.error); return; }
      if (!reply.ok) { showError(reply.error); return; }
      hideWarning();
      showError("");
      if (input.value === body) input.value = "";
      input.focus();
    });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); send(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); send(); }
  });
  document.getElementById("chat-warning-send").addEventListener("click", function () { send(true); });
  document.getElementById("chat-warning-edit").addEventListener("click", function () {
    hideWarning();
    input.focus();
  });
  input.addEventListener("input", function () {
    if (!warningBox.hidden) hideWarning();
    var now = Date.now();
    if (socket.connected && now - lastTyping > 2500) {
      lastTyping = now;
      socket.emit("typing", { session: sessionId });
    }
  });
  if (pauseButton) {
    pauseButton.addEventListener("click", function () {
      socket.emit("pause", { session: sessionId, paused: !paused }, function (reply) {
        if (!reply.ok) showError(reply.error);
      });
    });
  }
})();
