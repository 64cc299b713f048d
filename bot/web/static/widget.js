/* Bolt chat widget: socket.io with session persistence, safe rendering (no HTML from messages). */
(function () {
  "use strict";
  var SESSION_KEY = "bolt_session_id", LOG_KEY = "bolt_log", TOKEN_KEY = "bolt_token", PENDING_KEY = "bolt_pending";
  var MAX_LOG = 100;
  var log = document.getElementById("bolt-log");
  var state = document.getElementById("bolt-state");
  var typing = document.getElementById("bolt-typing");
  var form = document.getElementById("bolt-form");
  var input = document.getElementById("bolt-input");
  var history = [];
  var typingTimer = null;
  var socket = null;
  var ready = false;   // true once the server has confirmed the session for this connection
  var pending = [];    // messages typed before that: sent, in order, on session_confirm (kept over a reload)

  function token() { return sessionStorage.getItem(TOKEN_KEY) || window.BOLT_TOKEN || null; }

  function setState(text, kind) { state.textContent = text; state.className = "bolt-state " + (kind || ""); }

  function showTyping(on) {
    typing.hidden = !on;
    clearTimeout(typingTimer);
    if (on) { typingTimer = setTimeout(function () { typing.hidden = true; }, 15000); }
  }

  // Text with "- " lines as a list and http(s) links; every piece goes through textContent.
  function renderText(container, text) {
    var list = null;
    String(text || "").split("\n").forEach(function (line) {
      var target;
      if (line.indexOf("- ") === 0) {
        if (!list) { list = document.createElement("ul"); container.appendChild(list); }
        target = document.createElement("li"); list.appendChild(target); line = line.slice(2);
      } else {
        list = null; target = document.createElement("div"); container.appendChild(target);
      }
      line.split(/(https?:\/\/[^\s<>"]+)/).forEach(function (part, i) {
        if (i % 2 === 1) {
          var a = document.createElement("a");
          a.href = part; a.textContent = part; a.rel = "noopener noreferrer"; a.target = "_blank";
          target.appendChild(a);
        } else if (part) { target.appendChild(document.createTextNode(part)); }
      });
    });
  }

  function add(entry, remember) {
    var li = document.createElement("li");
    li.className = entry.kind;
    if (entry.kind === "agent" && entry.agent) {
      var who = document.createElement("span"); who.className = "who"; who.textContent = entry.agent;
      li.appendChild(who);
    }
    renderText(li, entry.text);
    if (entry.buttons && entry.buttons.length) {
      var row = document.createElement("div"); row.className = "bolt-buttons";
      entry.buttons.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button"; button.textContent = b.title;
        button.addEventListener("click", function () { send(b.payload, b.title); });
        row.appendChild(button);
      });
      li.appendChild(row);
    }
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
    if (remember !== false) {
      history.push(entry);
      history = history.slice(-MAX_LOG);
      sessionStorage.setItem(LOG_KEY, JSON.stringify(history));
    }
  }

  function emitMessage(payload) {
    socket.emit("user_uttered", {message: payload, session_id: localStorage.getItem(SESSION_KEY),
                                 metadata: token() ? {token: token()} : {}});
  }

  // A message typed while (re)connecting is kept and sent once the session is confirmed:
  // the server refuses a message without a confirmed session id, and nothing typed is lost.
  function send(payload, shown) {
    add({kind: "user", text: shown || payload});
    showTyping(true);
    if (ready) { emitMessage(payload); } else { pending.push(payload); savePending(); }
  }

  function savePending() { sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending)); }

  function onBotMessage(data) {
    showTyping(false);
    var buttons = (data.quick_replies || data.buttons || []).map(function (b) { return {title: b.title, payload: b.payload}; });
    if (data.sender === "agent") {
      setState("U chat nu met " + data.agent + " van Support", "agent");
      add({kind: "agent", agent: data.agent, text: data.text});
    } else if (data.sender === "system") {
      if (data.agent) { setState("U chat nu met " + data.agent + " van Support", "agent"); }
      else { setState("Online", ""); }
      add({kind: "system", text: data.text});
    } else {
      add({kind: "bot", text: data.text, buttons: buttons});
    }
  }

  function connect() {
    if (socket) { socket.off(); socket.disconnect(); }
    ready = false;
    setState("Verbinden…", "offline");
    socket = io({path: "/socket.io", auth: token() ? {token: token()} : {}, transports: ["websocket", "polling"]});
    socket.on("connect", function () {
      socket.emit("session_request", {session_id: localStorage.getItem(SESSION_KEY)});
    });
    socket.on("session_confirm", function (id) {
      localStorage.setItem(SESSION_KEY, id);
      ready = true;
      setState("Online", "");
      var queued = pending; pending = []; savePending();
      queued.forEach(emitMessage);
    });
    socket.on("bot_uttered", onBotMessage);
    socket.on("error", function (data) { showTyping(false); add({kind: "error", text: (data && data.error) || "Er ging iets mis."}, false); });
    socket.on("connect_error", function () { ready = false; setState("Server niet bereikbaar – opnieuw proberen…", "offline"); });
    socket.on("disconnect", function () { ready = false; setState("Verbinding verbroken – opnieuw verbinden…", "offline"); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (text) { send(text); input.value = ""; }
    input.focus();
  });

  try { history = JSON.parse(sessionStorage.getItem(LOG_KEY) || "[]"); } catch (e) { history = []; }
  try { pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || "[]"); } catch (e) { pending = []; }
  if (!Array.isArray(pending)) { pending = []; }
  history.forEach(function (entry) { add(entry, false); });

  // Development mode only: a picker of demo users (the endpoint answers 404 otherwise).
  fetch("/help/api/demo-users").then(function (r) { return r.ok ? r.json() : null; }).then(function (users) {
    if (!users) { return; }
    var section = document.getElementById("demo"), select = document.getElementById("demo-user");
    users.forEach(function (u) { var o = document.createElement("option"); o.value = u.id; o.textContent = u.label; select.appendChild(o); });
    section.hidden = false;
    document.getElementById("demo-login").addEventListener("click", function () {
      fetch("/help/api/demo-token", {method: "POST", headers: {"Content-Type": "application/json"},
                                     body: JSON.stringify({user: select.value})})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (data.token) { sessionStorage.setItem(TOKEN_KEY, data.token); } else { sessionStorage.removeItem(TOKEN_KEY); }
          document.getElementById("demo-status").textContent = "Ingelogd als: " + select.options[select.selectedIndex].text;
          connect();
        });
    });
  }).catch(function () {});

  connect();
}());
