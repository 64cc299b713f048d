/* Bolt chat widget: socket.io, a conversation bound to the login, safe rendering (no HTML from messages).

   - The login (token) and the conversation (id + the secret the server issued for it) live in
     localStorage, so a new tab of the same user continues the same conversation. The conversation is
     remembered together with the identity it belongs to: another user, a logout or "Nieuw gesprek"
     starts a new one (the server enforces the same: a conversation answers only its owner).
   - On every (re)connect the server sends the whole conversation (`conversation` event): bot
     answers, agent messages (also those sent while the user was away, with the agent's name) and
     the hand-off state, so the header shows "U chat nu met ..." again after a reload.
   - A message typed before the session is confirmed is kept (also over a reload) and sent then. */
(function () {
  "use strict";
  var CONVERSATION_KEY = "bolt_conversation", TOKEN_KEY = "bolt_token", PENDING_KEY = "bolt_pending";
  var log = document.getElementById("bolt-log");
  var state = document.getElementById("bolt-state");
  var typing = document.getElementById("bolt-typing");
  var form = document.getElementById("bolt-form");
  var input = document.getElementById("bolt-input");
  var newButton = document.getElementById("bolt-new");
  var typingTimer = null;
  var socket = null;
  var ready = false;   // true once the server has confirmed the session for this connection
  var pending = [];    // messages typed before that: sent, in order, on session_confirm (kept over a reload)
  var handOff = {status: null, agent: null};
  var confirmed = null; // the session id the server confirmed to this tab's connection
  var lastSent = null;  // the latest message sent: sent again if the server refused it for its session

  // The help centre's page gives the logged-in user's token (window.BOLT_TOKEN); the development
  // picker keeps its demo login in localStorage, shared by the tabs like a real login cookie.
  function token() { return window.BOLT_TOKEN || localStorage.getItem(TOKEN_KEY) || null; }

  // Whose conversation: the token's subject (only to pick the stored conversation; the server verifies).
  function identity() {
    var t = token();
    if (!t) { return "anoniem"; }
    try {
      var part = t.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return "sub:" + JSON.parse(atob(part + "===".slice((part.length + 3) % 4))).sub;
    } catch (e) { return "token:" + t.slice(-16); }
  }

  function storedConversation() {
    try {
      var c = JSON.parse(localStorage.getItem(CONVERSATION_KEY) || "null");
      return c && c.owner === identity() ? c : null;
    } catch (e) { return null; }
  }

  function forgetConversation() { localStorage.removeItem(CONVERSATION_KEY); }

  function setState(text, kind) { state.textContent = text; state.className = "bolt-state " + (kind || ""); }

  function showHandOffState() {
    if (handOff.status === "assigned" && handOff.agent) { setState("U chat nu met " + handOff.agent, "agent"); }
    else if (handOff.status === "queued") { setState("In de wachtrij – Bolt helpt u zolang", ""); }
    else { setState("Online", ""); }
  }

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

  function add(entry) {
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
    return li;
  }

  function note(li, text) {
    var n = document.createElement("span"); n.className = "note"; n.textContent = text; li.appendChild(n);
  }

  function emitMessage(payload) {
    lastSent = payload;
    socket.emit("user_uttered", {message: payload, session_id: confirmed});
  }

  // A message typed while (re)connecting is kept and sent once the session is confirmed:
  // the server refuses a message without a confirmed session id, and nothing typed is lost.
  function send(payload, shown) {
    add({kind: "user", text: shown || payload});
    if (handOff.status !== "assigned") { showTyping(true); }
    if (ready) { emitMessage(payload); } else { pending.push({payload: payload, shown: shown || payload}); savePending(); }
  }

  function savePending() { sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending)); }

  function onBotMessage(data) {
    showTyping(false);
    var buttons = (data.quick_replies || data.buttons || []).map(function (b) { return {title: b.title, payload: b.payload}; });
    if (data.sender === "agent") {
      handOff = {status: "assigned", agent: data.agent};
      showHandOffState();
      add({kind: "agent", agent: data.agent, text: data.text});
    } else if (data.sender === "system") {
      if (data.state === "assigned" || (!data.state && data.agent)) { handOff = {status: "assigned", agent: data.agent}; }
      else if (data.state === "queued") { handOff = {status: "queued", agent: null}; }
      else { handOff = {status: null, agent: null}; }
      showHandOffState();
      add({kind: "system", text: data.text});
    } else {
      add({kind: "bot", text: data.text, buttons: buttons});
    }
  }

  // The server's view of the conversation: replaces what is shown (history, hand-off state).
  function onConversation(data) {
    var stored = storedConversation();
    var secret = data.secret || (stored && stored.session_id === data.session_id ? stored.secret : null);
    localStorage.setItem(CONVERSATION_KEY, JSON.stringify({owner: identity(), session_id: data.session_id, secret: secret}));
    while (log.firstChild) { log.removeChild(log.firstChild); }
    (data.history || []).forEach(function (entry) { add(entry); });
    pending.forEach(function (p) { add({kind: "user", text: p.shown}); });
    handOff = {status: data.status || null, agent: data.agent || null};
  }

  function connect() {
    if (socket) { socket.off(); socket.disconnect(); }
    ready = false;
    confirmed = null;
    setState("Verbinden…", "offline");
    socket = io({path: "/socket.io", auth: token() ? {token: token()} : {}, transports: ["websocket", "polling"]});
    socket.on("connect", function () {
      var c = storedConversation();
      socket.emit("session_request", c ? {session_id: c.session_id, secret: c.secret} : {});
    });
    socket.on("conversation", onConversation);
    socket.on("session_confirm", function (id) {
      confirmed = id;
      ready = true;
      showHandOffState();
      var queued = pending; pending = []; savePending();
      queued.forEach(function (p) { emitMessage(p.payload); });
    });
    socket.on("bot_uttered", onBotMessage);
    socket.on("routed", function (data) {
      showTyping(false);
      var mine = log.querySelectorAll("li.user");
      if (mine.length) { note(mine[mine.length - 1], "Doorgestuurd naar " + ((data && data.agent) || "de medewerker")); }
    });
    socket.on("error", function (data) {
      showTyping(false);
      add({kind: "error", text: (data && data.error) || "Er ging iets mis."});
      // refused for its session (the login changed meanwhile): not lost, sent again once reconnected
      if (data && (data.code === "identity" || data.code === "session")) {
        if (lastSent !== null) { pending.unshift({payload: lastSent, shown: lastSent}); lastSent = null; savePending(); }
        connect();
      }
    });
    socket.on("connect_error", function () { ready = false; setState("Server niet bereikbaar – opnieuw proberen…", "offline"); });
    socket.on("disconnect", function () { ready = false; setState("Verbinding verbroken – opnieuw verbinden…", "offline"); });
  }

  function newConversation() {
    forgetConversation();
    pending = []; savePending();
    while (log.firstChild) { log.removeChild(log.firstChild); }
    connect();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (text) { send(text); input.value = ""; }
    input.focus();
  });
  if (newButton) { newButton.addEventListener("click", function () { newConversation(); input.focus(); }); }

  // Another tab logged in, out or as someone else: follow it (the stored conversation is per identity).
  // Another tab started a new conversation for the same login: follow it, so both tabs show one conversation.
  window.addEventListener("storage", function (event) {
    if (event.key === TOKEN_KEY) { connect(); return; }
    var stored = event.key === CONVERSATION_KEY ? storedConversation() : null;
    if (stored && confirmed && stored.session_id !== confirmed) { connect(); }
  });

  try { pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || "[]"); } catch (e) { pending = []; }
  if (!Array.isArray(pending)) { pending = []; }
  pending = pending.map(function (p) { return typeof p === "string" ? {payload: p, shown: p} : p; });
  pending.forEach(function (p) { add({kind: "user", text: p.shown}); });

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
          if (data.token) { localStorage.setItem(TOKEN_KEY, data.token); } else { localStorage.removeItem(TOKEN_KEY); }
          document.getElementById("demo-status").textContent = "Ingelogd als: " + select.options[select.selectedIndex].text;
          if (!storedConversation()) { while (log.firstChild) { log.removeChild(log.firstChild); } }
          connect();
        });
    });
  }).catch(function () {});

  connect();
}());
