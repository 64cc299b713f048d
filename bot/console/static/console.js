/* Agent console: every piece of user-supplied text is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var csrf = "", current = null, events = null, lastMessageId = 0;
  var unread = {}, lastRows = [], knownTickets = null, alerts = 0, baseTitle = document.title;
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

  function announceNewTickets(rows) {
    var ids = rows.filter(function (t) { return t.status === "queued"; }).map(function (t) { return t.id; });
    if (knownTickets !== null) {
      var fresh = rows.filter(function (t) { return t.status === "queued" && knownTickets.indexOf(t.id) < 0; });
      if (fresh.length) {
        var box = $("alert");
        box.textContent = "Nieuw ticket in de wachtrij: " + fresh.map(function (t) {
          return t.reference + " (" + t.priority + (t.level ? ", niveau " + t.level : "") + ")";
        }).join(", ");
        box.hidden = false;
        alerts += fresh.length;
        document.title = "(" + alerts + ") " + baseTitle;
        beep();
      }
    }
    knownTickets = (knownTickets || []).concat(ids);
  }

  function renderQueue(rows) {
    var body = $("queue");
    lastRows = rows;
    body.textContent = "";
    $("queue-empty").hidden = rows.length > 0;
    rows.forEach(function (t) {
      var tr = el("tr", null, t.escalated ? "escalated" : "");
      [t.reference + (t.escalated ? " (geëscaleerd)" : ""), t.user_name || "anoniem", t.plan || "–", t.level,
       t.priority, duration(t.waiting_seconds)].forEach(function (v) { tr.appendChild(el("td", v)); });
      var due = el("td", duration(t.due_in_seconds), t.due_in_seconds !== null && t.due_in_seconds < 0 ? "overdue" : "");
      tr.appendChild(due);
      tr.appendChild(el("td", t.status === "assigned" ? "bij " + t.assigned_agent : "wachtend"));
      var count = el("td"), n = unread[t.id] || 0;
      if (n) { count.appendChild(el("span", n + " nieuw", "unread")); }
      tr.appendChild(count);
      var cell = el("td"), open = el("button", t.status === "queued" ? "Oppakken" : "Open");
      open.type = "button";
      open.dataset.ticket = t.id;
      open.addEventListener("click", function () {
        (t.status === "queued" ? api("POST", "/tickets/" + t.id + "/claim") : Promise.resolve())
          .then(function () { openTicket(t.id).then(focusChat); refreshQueue(); })
          .catch(function (e) { alert("Niet gelukt: " + e.message); refreshQueue(); });
      });
      cell.appendChild(open); tr.appendChild(cell); body.appendChild(tr);
    });
  }

  function renderWebtickets(rows) {
    var body = $("webtickets");
    body.textContent = "";
    $("webtickets-empty").hidden = rows.length > 0;
    rows.forEach(function (t) {
      var tr = el("tr");
      [t.reference, t.user_name || "anoniem", t.contact_email || "–", t.priority, duration(t.waiting_seconds),
       t.subject + (t.status !== "queued" ? " (" + (statusNames[t.status] || t.status) + ")" : "")].forEach(function (v) { tr.appendChild(el("td", v)); });
      var cell = el("td"), open = el("button", "Bekijken");
      open.type = "button";
      open.dataset.ticket = t.id;
      open.addEventListener("click", function () { openTicket(t.id).then(focusChat); });
      cell.appendChild(open); tr.appendChild(cell); body.appendChild(tr);
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

  function openTicket(id) {
    return api("GET", "/tickets/" + id).then(function (t) {
      current = t;
      unread[t.id] = 0;
      renderQueue(lastRows);
      $("chat").hidden = false;
      var live = t.channel !== "webticket";  // a webticket is answered by e-mail: no chat, release or resolve
      $("reply-form").hidden = !live; $("chat-actions").hidden = !live; $("resolve-confirm-box").hidden = true;
      $("webticket-form").hidden = live; $("webticket-note").textContent = live ? "" : webticketNote(t);
      $("chat-title").textContent = t.reference + " – " + (t.subject || "");
      $("description").textContent = t.description;
      var transcript = $("transcript"), messages = $("messages"), identity = $("identity"), rights = $("entitlements");
      [transcript, messages, identity, rights].forEach(function (n) { n.textContent = ""; });
      t.transcript.forEach(function (m) { addMessage(transcript, m); });
      lastMessageId = 0;
      t.messages.forEach(function (m) { addMessage(messages, m); lastMessageId = Math.max(lastMessageId, m.id); });
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
    if (data.type === "queue") { refreshQueue(); }
    if (data.type === "message" && current && data.ticket === current.id && data.id > lastMessageId) {
      addMessage($("messages"), data); lastMessageId = data.id;
    } else if (data.type === "message" && data.sender === "user") {
      unread[data.ticket] = (unread[data.ticket] || 0) + 1;  // another of my chats: count it in the queue
      renderQueue(lastRows);
    }
  }

  function start(agent) {
    $("login-view").hidden = true; $("main-view").hidden = false; $("logout").hidden = false;
    $("who").textContent = agent.name;
    refreshQueue();
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
      $("chat").hidden = true; current = null; refreshQueue();
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
