/* Agent console: every piece of user-supplied text is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var csrf = "", current = null, events = null, lastMessageId = 0;
  var lastRows = [], knownTickets = null, alerted = [], alerts = 0, baseTitle = document.title;
  var $ = function (id) { return document.getElementById(id); };

  function api(method, path, body) {
    var options = {method: method, headers: {"Content-Type": "application/json"}, credentials: "same-origin"};
    if (method !== "GET") { options.headers["X-CSRF-Token"] = csrf; }
    if (body) { options.body = JSON.stringify(body); }
    return fetch("/console/api" + path, options).then(function (r) {
      return r.json().then(function (data) { if (!r.ok) { throw new Error(data.error || r.status); } return data; });
    });
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) { return "–"; }
    var sign = seconds < 0 ? "-" : "", s = Math.abs(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return sign + (h ? h + "u " : "") + m + "m";
  }

  function beep() {  /* an audible alert without a sound file (CSP: nothing to load) */
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) { return; }
      var ctx = beep.ctx || (beep.ctx = new Ctx()), osc = ctx.createOscillator(), gain = ctx.createGain();
      osc.frequency.value = 880; gain.gain.value = 0.15;
      osc.connect(gain); gain.connect(ctx.destination);
      osc.start(); osc.stop(ctx.currentTime + 0.25);
    } catch (e) { /* no audio: the visible alert remains */ }
  }

  // "Nieuw ticket in de wachtrij": names the new queued tickets while they wait; gone once none of them does
  function announceNewTickets(rows) {
    var queued = rows.filter(function (t) { return t.status === "queued"; });
    var ids = queued.map(function (t) { return t.id; });
    var fresh = knownTickets === null ? [] : queued.filter(function (t) { return knownTickets.indexOf(t.id) < 0; });
    alerted = alerted.filter(function (id) { return ids.indexOf(id) >= 0; })
      .concat(fresh.map(function (t) { return t.id; }));
    var box = $("alert"), waiting = queued.filter(function (t) { return alerted.indexOf(t.id) >= 0; });
    box.textContent = waiting.length ? "Nieuw ticket in de wachtrij: " + waiting.map(function (t) {
      return t.reference + " (" + t.priority + (t.level ? ", niveau " + t.level : "") + ")";
    }).join(", ") : "";
    box.hidden = !waiting.length;
    if (fresh.length) {
      alerts += fresh.length;
      document.title = "(" + alerts + ") " + baseTitle;
      beep();
    }
    knownTickets = (knownTickets || []).concat(ids);
  }

  var queueHeads = ["Ticket", "Gebruiker", "Plan", "Niveau", "Prio", "Wacht", "Tijd tot deadline", "Status",
                    "Nieuwe berichten", "Actie"];
  function cell(tr, text, label, className) {  /* data-label: the column's name on a narrow screen */
    var td = el("td", text, className);
    td.dataset.label = label;
    tr.appendChild(td);
    return td;
  }

  function renderQueue(rows) {
    var body = $("queue");
    lastRows = rows;
    body.textContent = "";
    $("queue-empty").hidden = rows.length > 0;
    rows.forEach(function (t) {
      var tr = el("tr", null, t.escalated ? "escalated" : "");
      [t.reference + (t.escalated ? " (geëscaleerd)" : ""), t.user_name || "anoniem", t.plan_label || "–", t.level,
       t.priority, duration(t.waiting_seconds)].forEach(function (v, i) { cell(tr, v, queueHeads[i]); });
      cell(tr, duration(t.due_in_seconds), queueHeads[6], t.due_in_seconds !== null && t.due_in_seconds < 0 ? "overdue" : "");
      cell(tr, t.status === "assigned" ? "bij " + t.assigned_agent : "wachtend", queueHeads[7]);
      // counted on the server (survives a reload, covers queued tickets); the open chat shows its messages itself
      var count = cell(tr, null, queueHeads[8]), n = current && current.id === t.id ? 0 : (t.unread || 0);
      if (n) { count.appendChild(el("span", n + " nieuw", "unread")); }
      var action = cell(tr, null, queueHeads[9], "action"), open = el("button", t.status === "queued" ? "Oppakken" : "Open");
      open.type = "button";
      open.dataset.ticket = t.id;
      open.addEventListener("click", function () {
        (t.status === "queued" ? api("POST", "/tickets/" + t.id + "/claim") : Promise.resolve())
          .then(function () { openTicket(t.id).then(focusChat); refreshQueue(); })
          .catch(function (e) { alert("Niet gelukt: " + e.message); refreshQueue(); });
      });
      action.appendChild(open); body.appendChild(tr);
    });
  }

  var webticketHeads = ["Ticket", "Gebruiker", "E-mail", "Prio", "Wacht", "Onderwerp", "Actie"];
  function renderWebtickets(rows) {
    var body = $("webtickets");
    body.textContent = "";
    $("webtickets-empty").hidden = rows.length > 0;
    rows.forEach(function (t) {
      var tr = el("tr");
      [t.reference, t.user_name || "anoniem", t.contact_email || "–", t.priority, duration(t.waiting_seconds),
       t.subject + (t.status !== "queued" ? " (" + (statusNames[t.status] || t.status) + ")" : "")].forEach(function (v, i) {
        cell(tr, v, webticketHeads[i]);
      });
      var action = cell(tr, null, webticketHeads[6], "action"), open = el("button", "Bekijken");
      open.type = "button";
      open.dataset.ticket = t.id;
      open.addEventListener("click", function () { openTicket(t.id).then(focusChat); });
      action.appendChild(open); body.appendChild(tr);
    });
  }

  function refreshQueue() {
    api("GET", "/webtickets").then(renderWebtickets).catch(function () {});
    return api("GET", "/queue").then(function (rows) { announceNewTickets(rows); renderQueue(rows); })
      .catch(function () {});
  }

  function addMessage(list, m) {
    var li = el("li", null, m.sender);
    li.appendChild(el("span", {user: "Gebruiker", agent: "Agent", bot: "Bolt", system: "Systeem"}[m.sender] || m.sender, "who"));
    li.appendChild(document.createTextNode(m.text));
    list.appendChild(li);
    list.scrollTop = list.scrollHeight;
  }

  // what the agent has seen of a ticket no longer counts as new (also after a reload)
  function markRead(ticketId, messageId) {
    if (messageId > 0) { api("POST", "/tickets/" + ticketId + "/read", {message_id: messageId}).catch(function () {}); }
  }

  // the open ticket is kept in the address (#ticket=<id>): a reload reopens it
  function rememberTicket(id) {
    var hash = id ? "#ticket=" + id : "";
    if (location.hash !== hash) { history.replaceState(null, "", location.pathname + location.search + hash); }
  }
  function rememberedTicket() {
    var match = /^#ticket=(\d+)$/.exec(location.hash);
    return match ? parseInt(match[1], 10) : null;
  }

  function openTicket(id) {
    if (current && current.id !== id) { markRead(current.id, lastMessageId); }
    return api("GET", "/tickets/" + id).then(function (t) {
      current = t;
      rememberTicket(t.id);
      renderQueue(lastRows);
      $("chat").hidden = false;
      var live = t.channel !== "webticket";  // a webticket is answered by e-mail: no chat, release or resolve
      $("reply-form").hidden = !live; $("chat-actions").hidden = !live; $("resolve-confirm-box").hidden = true;
      $("webticket-form").hidden = live; $("webticket-note").textContent = live ? "" : webticketNote(t);
      $("messages-title").textContent = live ? "Chat" : "Antwoorden per e-mail";
      $("messages-title").hidden = $("messages").hidden = !live && !t.messages.length;
      if (!live) { webticketButtons(t); }
      $("chat-title").textContent = t.reference + " – " + (t.subject || "");
      $("description").textContent = t.description;
      var transcript = $("transcript"), messages = $("messages"), identity = $("identity"), rights = $("entitlements");
      [transcript, messages, identity, rights].forEach(function (n) { n.textContent = ""; });
      t.transcript.forEach(function (m) { addMessage(transcript, m); });
      lastMessageId = 0;
      t.messages.forEach(function (m) { addMessage(messages, m); lastMessageId = Math.max(lastMessageId, m.id); });
      markRead(t.id, lastMessageId);
      (t.profile || []).forEach(function (row) { identity.appendChild(el("dt", row.label)); identity.appendChild(el("dd", row.value)); });
      if (t.contact_email) { identity.appendChild(el("dt", "Antwoord per e-mail naar")); identity.appendChild(el("dd", t.contact_email)); }
      (t.rights || []).forEach(function (r) { rights.appendChild(el("li", r.label + ": " + r.value, r.has ? "has" : "lacks")); });
    });
  }

  // webtickets (issue 18.3): answer by e-mail, then 'Opgelost' and 'Sluiten'
  var statusNames = {queued: "open", assigned: "in behandeling", waiting_on_user: "beantwoord, wacht op de gebruiker",
                     resolved: "opgelost", closed: "gesloten"};
  function webticketNote(t) {
    var note = "Status: " + (statusNames[t.status] || t.status) + ".";
    api("GET", "/webtickets/mail").then(function (m) {
      if (m.email === "off" && current && current.id === t.id) {
        $("webticket-note").textContent = note + " E-mail staat uit: een antwoord verschijnt alleen in de chat.";
      }
    }).catch(function () {});
    return note;
  }
  // 'Opgelost' once the webticket is answered, 'Sluiten' once it is solved: otherwise disabled, with the reason
  function webticketButtons(t) {
    var resolvable = t.status === "assigned" || t.status === "waiting_on_user", closable = t.status === "resolved";
    $("webticket-resolve").disabled = !resolvable; $("webticket-close").disabled = !closable;
    $("webticket-hint").textContent = t.status === "queued" ? "Opgelost en Sluiten kan pas nadat u het webticket hebt beantwoord."
      : (!closable ? "Sluiten kan nadat het webticket is opgelost." : "");
  }
  function webticketStep(path, body) {
    var id = current.id;
    return api("POST", "/webtickets/" + id + path, body).then(function (r) {
      openTicket(id).then(function () { if (r.note) { $("webticket-note").textContent = r.note; } });
      refreshQueue();
    }).catch(function (err) { $("webticket-note").textContent = "Niet gelukt: " + err.message; });
  }
  $("webticket-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = $("webticket-answer").value.trim();
    if (!current || !text) { return; }
    webticketStep("/answer", {text: text}).then(function () { $("webticket-answer").value = ""; });
  });
  $("webticket-resolve").addEventListener("click", function () { if (current) { webticketStep("/resolve"); } });
  $("webticket-close").addEventListener("click", function () { if (current) { webticketStep("/close"); } });

  // A keyboard or screen-reader user lands on the ticket just opened (its title names it).
  function focusChat() { $("chat-title").focus(); }

  function onEvent(event) {
    var data = JSON.parse(event.data);
    if (data.type === "queue" || data.type === "unread") { refreshQueue(); }
    if (data.type === "message" && current && data.ticket === current.id && data.id > lastMessageId) {
      addMessage($("messages"), data); lastMessageId = data.id;
    } else if (data.type === "message" && data.sender === "user") {
      refreshQueue();  // another of my chats: its count comes from the server
    }
  }

  function start(agent) {
    $("login-view").hidden = true; $("main-view").hidden = false; $("logout").hidden = false;
    $("who").textContent = agent.name;
    $("insights-link").hidden = !agent.supervisor;  // the insights are for supervisors only
    refreshQueue();
    var remembered = rememberedTicket();
    if (remembered) { openTicket(remembered).catch(function () { rememberTicket(null); }); }
    events = new EventSource("/console/api/events");
    events.onmessage = onEvent;
  }

  $("login-form").addEventListener("submit", function (e) {
    e.preventDefault();
    api("POST", "/login", {login: $("login").value, password: $("password").value})
      .then(function (data) { csrf = data.csrf; start(data.agent); })
      .catch(function (err) { $("login-error").textContent = err.message; });
  });
  $("logout").addEventListener("click", function () {
    api("POST", "/logout").finally(function () { location.reload(); });
  });
  // the user sees "<agent> typt…" while the agent types (at most one signal every 2 s)
  var typingSent = 0;
  $("reply").addEventListener("input", function () {
    if (!current || !$("reply").value.trim() || Date.now() - typingSent < 2000) { return; }
    typingSent = Date.now();
    api("POST", "/tickets/" + current.id + "/typing").catch(function () {});
  });
  $("reply-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = $("reply").value.trim();
    if (!text || !current) { return; }
    api("POST", "/tickets/" + current.id + "/messages", {text: text}).then(function () { $("reply").value = ""; })
      .catch(function (err) { alert(err.message); });
  });
  function act(name) {
    if (!current) { return; }
    api("POST", "/tickets/" + current.id + "/" + name).then(function () {
      $("chat").hidden = true; current = null; rememberTicket(null); refreshQueue();
      $("queue-title").focus();  // the focus was in the closed chat: back to the queue
    })
      .catch(function (err) { alert(err.message); });
  }
  $("release").addEventListener("click", function () { act("release"); });
  // resolving ends the user's chat: ask first
  $("resolve").addEventListener("click", function () {
    $("resolve-confirm-box").hidden = false; $("resolve-confirm").focus();
  });
  $("resolve-cancel").addEventListener("click", function () {
    $("resolve-confirm-box").hidden = true; $("resolve").focus();
  });
  $("resolve-confirm").addEventListener("click", function () {
    $("resolve-confirm-box").hidden = true; act("resolve");
  });
  window.addEventListener("focus", function () { alerts = 0; document.title = baseTitle; });
  api("GET", "/me").then(function (data) { csrf = data.csrf; start(data.agent); }).catch(function () {});
}());
