/* Bolt chat widget: socket.io, a conversation bound to the login, safe rendering (no HTML from messages).

   - The login (token) and the conversation (id + the secret the server issued for it) live in
     localStorage, so a new tab of the same user continues the same conversation. The conversation is
     remembered together with the identity it belongs to: another user, a logout or "Nieuw gesprek"
     starts a new one (the server enforces the same: a conversation answers only its owner).
   - On every (re)connect the server sends the whole conversation (`conversation` event): bot
     answers, agent messages (also those sent while the user was away, with the agent's name) and
     the hand-off state, so the header shows "U chat nu met ..." again after a reload.
   - A message typed before the session is confirmed is kept (also over a reload) and sent then.
   - Launcher: the chat opens and minimises; the state is kept in localStorage (bolt_open). A new
     conversation starts with the bot's greeting and main topics as buttons (shown by the widget, not
     stored). They are the bot's words, so the server puts them in the page (#bolt-greeting, JSON from
     bot/answers/conversation.greeting); the widget only renders them. Used button rows are disabled
     as soon as the user answers.
   - Each bot answer has thumbs up/down (POST /help/api/feedback, the server finds the answer's topic
     in the conversation); after an agent resolves, one question 1-5 (POST /help/api/satisfaction).
   - Places the article names (help centre, community, webticket form, login) become links to the
     URLs of GET /help/api/links: anchor elements built here, for those URLs only.
   - "Transcript downloaden": the conversation as a .txt, times in Europe/Amsterdam. */
(function () {
  "use strict";
  var CONVERSATION_KEY = "bolt_conversation", TOKEN_KEY = "bolt_token", PENDING_KEY = "bolt_pending",
      OPEN_KEY = "bolt_open";
  var TYPING_DEADLINE_MS = 15000, AGENT_TYPING_MS = 4000, NARROW = "(max-width: 640px)";
  var TIME = new Intl.DateTimeFormat("nl-NL", {timeZone: "Europe/Amsterdam", day: "2-digit", month: "2-digit",
                                               year: "numeric", hour: "2-digit", minute: "2-digit"});
  // The greeting and its topic buttons, as the server gave them in the page (null if the page has none).
  var GREETING = (function () {
    try {
      var given = JSON.parse(document.getElementById("bolt-greeting").textContent);
      if (!given || typeof given.text !== "string") { return null; }
      return {text: given.text, buttons: (Array.isArray(given.buttons) ? given.buttons : []).filter(function (b) {
        return b && typeof b.title === "string" && typeof b.payload === "string";
      }).map(function (b) { return {title: b.title, payload: b.payload}; })};
    } catch (e) { return null; }
  }());
  var widget = document.getElementById("bolt");
  var launcher = document.getElementById("bolt-launcher");
  var minimise = document.getElementById("bolt-minimise");
  var log = document.getElementById("bolt-log");
  var state = document.getElementById("bolt-state");
  var typing = document.getElementById("bolt-typing");
  var agentTyping = document.getElementById("bolt-agent-typing");
  var form = document.getElementById("bolt-form");
  var input = document.getElementById("bolt-input");
  var newButton = document.getElementById("bolt-new");
  var transcriptButton = document.getElementById("bolt-transcript");
  var typingTimer = null, agentTypingTimer = null;
  var socket = null;
  var ready = false;   // true once the server has confirmed the session for this connection
  var pending = [];    // messages typed before that: sent, in order, on session_confirm (kept over a reload)
  var handOff = {status: null, agent: null};
  var confirmed = null; // the session id the server confirmed to this tab's connection
  var lastSent = null;  // the latest message sent: sent again if the server refused it for its session
  var lastSentId = null;  // its message id: a message sent again keeps its id, so it is answered once

  function newMessageId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return Date.now().toString(16) + "-" + Math.random().toString(16).slice(2) + Math.random().toString(16).slice(2);
  }
  var links = [];       // [{url, phrases}] from the server: the only URLs that become links
  var shown = [];       // what the log shows, for the transcript: {kind, text, agent, at}

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

  // --- launcher: open / minimise, kept over reloads ------------------------------------------------
  function isOpen() {
    var stored = localStorage.getItem(OPEN_KEY);
    if (stored === null) { return !window.matchMedia(NARROW).matches; }  // first visit: open beside the article
    return stored === "1";
  }

  function setOpen(open, focus) {
    localStorage.setItem(OPEN_KEY, open ? "1" : "0");
    applyOpen(open);
    if (focus) { (open ? input : launcher).focus(); }
  }

  function applyOpen(open) {
    widget.hidden = !open;
    launcher.hidden = open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    document.body.classList.toggle("bolt-open", open);
    if (open) { log.scrollTop = log.scrollHeight; }
  }

  // --- typing indicators ---------------------------------------------------------------------------
  // The bot's dots: only from sending a message to the bot until its reply (or an error, a
  // disconnect, or the deadline): never for a message still waiting for the connection.
  function showTyping(on) {
    typing.hidden = !on;
    clearTimeout(typingTimer);
    if (on) { typingTimer = setTimeout(function () { typing.hidden = true; }, TYPING_DEADLINE_MS); }
  }

  function showAgentTyping(name) {
    clearTimeout(agentTypingTimer);
    if (!name) { agentTyping.hidden = true; agentTyping.textContent = ""; return; }
    agentTyping.textContent = name + " typt…";
    agentTyping.hidden = false;
    agentTypingTimer = setTimeout(function () { showAgentTyping(null); }, AGENT_TYPING_MS);
  }

  // --- rendering -----------------------------------------------------------------------------------
  function safeUrl(url) { return typeof url === "string" && /^https:\/\/[^\s"'<>]+$/.test(url) ? url : null; }

  function anchor(url, text) {
    var a = document.createElement("a");
    a.href = url; a.textContent = text; a.rel = "noopener noreferrer"; a.target = "_blank";
    return a;
  }

  // The first mention of each known place (or its URL) in a line, as [start, end, url].
  function placesIn(line, used) {
    var found = [];
    links.forEach(function (link) {
      if (used[link.url]) { return; }
      var best = null;
      [link.url].concat(link.phrases).forEach(function (phrase) {
        var at = -1, from = 0;
        while ((at = line.indexOf(phrase, from)) >= 0) {
          var before = line.charAt(at - 1), after = line.charAt(at + phrase.length);
          if (!/[\wÀ-ÿ-]/.test(before) && !/[\wÀ-ÿ]/.test(after)) { break; }
          from = at + 1;
        }
        if (at >= 0 && (!best || at < best[0] || (at === best[0] && phrase.length > best[1] - best[0]))) {
          best = [at, at + phrase.length, link.url];
        }
      });
      if (best) { found.push(best); }
    });
    found.sort(function (a, b) { return a[0] - b[0]; });
    return found.filter(function (f, i) { return i === 0 || f[0] >= found[i - 1][1]; });
  }

  // Text with "- " lines as a list; places the article names as links (bot and agent messages).
  // Every piece goes in as text or as an anchor built here: never HTML from the message.
  function renderText(container, text, withLinks) {
    var list = null, used = {};
    String(text || "").split("\n").forEach(function (line) {
      var target;
      if (line.indexOf("- ") === 0) {
        if (!list) { list = document.createElement("ul"); container.appendChild(list); }
        target = document.createElement("li"); list.appendChild(target); line = line.slice(2);
      } else {
        list = null; target = document.createElement("div"); container.appendChild(target);
      }
      var at = 0;
      (withLinks ? placesIn(line, used) : []).forEach(function (place) {
        if (place[0] > at) { target.appendChild(document.createTextNode(line.slice(at, place[0]))); }
        target.appendChild(anchor(place[2], line.slice(place[0], place[1])));
        used[place[2]] = true;
        at = place[1];
      });
      if (at < line.length) { target.appendChild(document.createTextNode(line.slice(at))); }
    });
  }

  function disableStaleButtons() {
    Array.prototype.forEach.call(log.querySelectorAll(".bolt-buttons button"), function (b) { b.disabled = true; });
  }

  function thumb(up) {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg"), path = document.createElementNS(ns, "path");
    svg.setAttribute("viewBox", "0 0 24 24"); svg.setAttribute("width", "16"); svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false");
    path.setAttribute("d", "M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6" +
                           "C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z");
    path.setAttribute("fill", "currentColor");
    if (!up) { svg.setAttribute("transform", "rotate(180)"); }
    svg.appendChild(path);
    return svg;
  }

  function conversationAuth() {
    var c = storedConversation();
    return {conversation_id: confirmed || (c && c.session_id), secret: c ? c.secret : null};
  }

  function post(path, body) {
    var headers = {"Content-Type": "application/json"};
    if (token()) { headers.Authorization = "Bearer " + token(); }
    var auth = conversationAuth();
    body.conversation_id = auth.conversation_id; body.secret = auth.secret;
    return fetch(path, {method: "POST", headers: headers, body: JSON.stringify(body)}).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) { throw new Error(data.error || "Dat is niet gelukt; probeer het later nog eens."); }
        return data;
      });
    });
  }

  // Thumbs up/down under a bot answer; a second click changes the rating.
  function addRating(li, text) {
    var row = document.createElement("div"), status = document.createElement("span");
    row.className = "bolt-rate";
    status.className = "bolt-rate-status"; status.setAttribute("role", "status");
    [[1, "Dit antwoord is nuttig"], [-1, "Dit antwoord is niet nuttig"]].forEach(function (choice) {
      var b = document.createElement("button");
      b.type = "button"; b.className = choice[0] > 0 ? "up" : "down";
      b.setAttribute("aria-label", choice[1]); b.title = choice[1];
      b.setAttribute("aria-pressed", "false");
      b.appendChild(thumb(choice[0] > 0));
      b.addEventListener("click", function () {
        post("/help/api/feedback", {bot_text: text, rating: choice[0]}).then(function () {
          Array.prototype.forEach.call(row.querySelectorAll("button"), function (other) {
            other.setAttribute("aria-pressed", other === b ? "true" : "false");
          });
          status.textContent = "Bedankt voor uw feedback.";
        }).catch(function (e) { status.textContent = e.message; });
      });
      row.appendChild(b);
    });
    row.appendChild(status);
    li.appendChild(row);
  }

  // One question after an agent resolved: 1 (zeer ontevreden) to 5 (zeer tevreden).
  function addSatisfaction(li, csat) {
    var row = document.createElement("div"), status = document.createElement("span");
    row.className = "bolt-csat"; row.setAttribute("role", "group"); row.setAttribute("aria-label", "Uw score van 1 tot 5");
    status.className = "bolt-rate-status"; status.setAttribute("role", "status");
    (csat.scores || [1, 2, 3, 4, 5]).forEach(function (score) {
      var b = document.createElement("button");
      b.type = "button"; b.textContent = String(score);
      b.title = score === 1 ? "1: zeer ontevreden" : score === 5 ? "5: zeer tevreden" : String(score);
      b.addEventListener("click", function () {
        var buttons = row.querySelectorAll("button");
        Array.prototype.forEach.call(buttons, function (x) { x.disabled = true; });
        post("/help/api/satisfaction", {ticket: csat.ticket, score: score}).then(function () {
          b.setAttribute("aria-pressed", "true");
          status.textContent = "Bedankt voor uw beoordeling!";
        }).catch(function (e) {
          status.textContent = e.message;
          if (!/al beoordeeld/.test(e.message)) { Array.prototype.forEach.call(buttons, function (x) { x.disabled = false; }); }
        });
      });
      row.appendChild(b);
    });
    li.appendChild(row);
    li.appendChild(status);
  }

  function add(entry) {
    if (entry.kind === "user") { disableStaleButtons(); }  // a row the user has moved on from is stale
    var li = document.createElement("li");
    li.className = entry.kind;
    if (entry.kind === "agent" && entry.agent) {
      var who = document.createElement("span"); who.className = "who"; who.textContent = entry.agent;
      li.appendChild(who);
    }
    renderText(li, entry.text, entry.kind !== "user" && entry.kind !== "error");
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
    if (entry.kind === "bot") { addRating(li, entry.text); }
    if (entry.csat) { addSatisfaction(li, entry.csat); }
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
    shown.push({kind: entry.kind, text: entry.text, agent: entry.agent || null,
                at: typeof entry.at === "number" ? entry.at * 1000 : Date.now()});
    return li;
  }

  function greet() { if (GREETING) { add({kind: "greeting", text: GREETING.text, buttons: GREETING.buttons}); } }

  function clearLog() {
    while (log.firstChild) { log.removeChild(log.firstChild); }
    shown = [];
  }

  function note(li, text) {
    var n = document.createElement("span"); n.className = "note"; n.textContent = text; li.appendChild(n);
  }

  function emitMessage(payload, id) {
    lastSent = payload;
    lastSentId = id || newMessageId();
    if (handOff.status !== "assigned") { showTyping(true); }  // the bot composes a reply now
    socket.emit("user_uttered", {message: payload, session_id: confirmed, message_id: lastSentId});
  }

  // A message typed while (re)connecting is kept and sent once the session is confirmed:
  // the server refuses a message without a confirmed session id, and nothing typed is lost.
  function send(payload, title) {
    add({kind: "user", text: title || payload});
    var id = newMessageId();
    if (ready) { emitMessage(payload, id); } else { pending.push({payload: payload, shown: title || payload, id: id}); savePending(); }
  }

  function savePending() { sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending)); }

  function onBotMessage(data) {
    if (data && data.typing) { if (data.agent) { showAgentTyping(data.agent); } return; }
    showTyping(false);
    var buttons = (data.quick_replies || data.buttons || []).map(function (b) { return {title: b.title, payload: b.payload}; });
    if (data.sender === "agent") {
      showAgentTyping(null);
      handOff = {status: "assigned", agent: data.agent};
      showHandOffState();
      add({kind: "agent", agent: data.agent, text: data.text});
    } else if (data.sender === "system") {
      if (data.state === "assigned" || (!data.state && data.agent)) { handOff = {status: "assigned", agent: data.agent}; }
      else if (data.state === "queued") { handOff = {status: "queued", agent: null}; }
      else { handOff = {status: null, agent: null}; showAgentTyping(null); }
      showHandOffState();
      add({kind: "system", text: data.text, buttons: buttons, csat: data.csat && data.csat.ticket ? data.csat : null});
    } else {
      add({kind: "bot", text: data.text, buttons: buttons});
    }
  }

  // The server's view of the conversation: replaces what is shown (history, hand-off state).
  function onConversation(data) {
    var stored = storedConversation();
    var secret = data.secret || (stored && stored.session_id === data.session_id ? stored.secret : null);
    localStorage.setItem(CONVERSATION_KEY, JSON.stringify({owner: identity(), session_id: data.session_id, secret: secret}));
    clearLog();
    var history = data.history || [];
    if (!history.length) { greet(); }
    history.forEach(function (entry) { add(entry); });
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
      queued.forEach(function (p) { emitMessage(p.payload, p.id); });
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
        if (lastSent !== null) { pending.unshift({payload: lastSent, shown: lastSent, id: lastSentId}); lastSent = null; savePending(); }
        connect();
      }
    });
    socket.on("connect_error", function () {
      ready = false; showTyping(false); setState("Server niet bereikbaar – opnieuw proberen…", "offline");
    });
    socket.on("disconnect", function () {
      ready = false; showTyping(false); showAgentTyping(null); setState("Verbinding verbroken – opnieuw verbinden…", "offline");
    });
  }

  function newConversation() {
    forgetConversation();
    pending = []; savePending();
    clearLog();
    connect();
  }

  // --- transcript ----------------------------------------------------------------------------------
  function transcriptText() {
    var who = {user: "U", bot: "Bolt", greeting: "Bolt", system: "Bolt", error: "Melding"};
    var lines = ["Gesprek met Bolt, Zoom-ondersteuning", "Gedownload op " + TIME.format(new Date()) +
                 " (Nederlandse tijd)", ""];
    shown.forEach(function (e) {
      var speaker = e.kind === "agent" ? (e.agent || "Medewerker") + " (medewerker)" : (who[e.kind] || "Bolt");
      lines.push("[" + TIME.format(new Date(e.at)) + "] " + speaker + ": " + String(e.text || "").replace(/\n+/g, "\n    "));
    });
    return lines.join("\n") + "\n";
  }

  function downloadTranscript() {
    var blob = new Blob([transcriptText()], {type: "text/plain;charset=utf-8"});
    var url = URL.createObjectURL(blob), a = document.createElement("a");
    var stamp = TIME.format(new Date()).replace(/[^0-9]+/g, "-").replace(/-$/, "");
    a.href = url; a.download = "bolt-gesprek-" + stamp + ".txt";
    document.body.appendChild(a); a.click(); document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // --- wiring --------------------------------------------------------------------------------------
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (text) { send(text); input.value = ""; }
    input.focus();
  });
  if (newButton) { newButton.addEventListener("click", function () { newConversation(); input.focus(); }); }
  transcriptButton.addEventListener("click", downloadTranscript);
  launcher.addEventListener("click", function () { setOpen(true, true); });
  minimise.addEventListener("click", function () { setOpen(false, true); });
  widget.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && window.matchMedia(NARROW).matches) { setOpen(false, true); }
  });

  // Another tab logged in, out or as someone else: follow it (the stored conversation is per identity).
  // Another tab started a new conversation for the same login: follow it, so both tabs show one conversation.
  window.addEventListener("storage", function (event) {
    if (event.key === TOKEN_KEY) { connect(); return; }
    if (event.key === OPEN_KEY) { applyOpen(isOpen()); return; }
    var stored = event.key === CONVERSATION_KEY ? storedConversation() : null;
    if (stored && confirmed && stored.session_id !== confirmed) { connect(); }
  });

  applyOpen(isOpen());
  try { pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || "[]"); } catch (e) { pending = []; }
  if (!Array.isArray(pending)) { pending = []; }
  pending = pending.map(function (p) { return typeof p === "string" ? {payload: p, shown: p} : p; });
  pending.forEach(function (p) { add({kind: "user", text: p.shown}); });

  // Development mode only: a picker of demo users (the endpoint answers 404 otherwise).
  // The panel shows the login the chat uses: the stored token's subject, also after a reload or a
  // login in another tab; no token (or one of no demo user) is the anonymous visitor ("free").
  var demoUsers = null;
  function showDemoLogin() {
    var select = document.getElementById("demo-user"), status = document.getElementById("demo-status");
    if (!demoUsers) { return; }
    var sub = identity(), user = demoUsers.filter(function (u) { return u.sub && "sub:" + u.sub === sub; })[0];
    if (!user && sub === "anoniem") { user = demoUsers.filter(function (u) { return !u.sub; })[0]; }
    if (user) { select.value = user.id; }
    status.textContent = user && user.sub ? "Ingelogd als: " + user.label : "Niet ingelogd (anonieme bezoeker)";
  }
  window.addEventListener("storage", function (event) { if (event.key === TOKEN_KEY) { showDemoLogin(); } });
  // the server leaves the demo login out of the page unless it runs in development mode
  if (document.getElementById("demo")) fetch("/help/api/demo-users").then(function (r) { return r.ok ? r.json() : null; }).then(function (users) {
    if (!users) { return; }
    var section = document.getElementById("demo"), select = document.getElementById("demo-user");
    users.forEach(function (u) { var o = document.createElement("option"); o.value = u.id; o.textContent = u.label; select.appendChild(o); });
    demoUsers = users;
    showDemoLogin();
    section.hidden = false;
    document.getElementById("demo-login").addEventListener("click", function () {
      var before = token();
      fetch("/help/api/demo-token", {method: "POST", headers: {"Content-Type": "application/json"},
                                     body: JSON.stringify({user: select.value})})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (data.token) { localStorage.setItem(TOKEN_KEY, data.token); } else { localStorage.removeItem(TOKEN_KEY); }
          showDemoLogin();
          if (token() === before) { return; }  // the same visitor (logged out and still so): same chat
          if (!storedConversation()) { clearLog(); }
          connect();
        });
    });
  }).catch(function () {});

  // The known places' links first (a short request), so the first answers already show them.
  fetch("/help/api/links").then(function (r) { return r.ok ? r.json() : []; }).then(function (list) {
    links = (Array.isArray(list) ? list : []).filter(function (l) { return l && safeUrl(l.url); }).map(function (l) {
      return {url: l.url, phrases: (l.phrases || []).filter(function (p) { return typeof p === "string" && p; })};
    });
  }).catch(function () { links = []; }).then(connect);
}());
