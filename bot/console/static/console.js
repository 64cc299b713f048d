/* Agent console: every piece of user-supplied text is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var csrf = "", current = null, events = null, lastMessageId = 0;
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

  function renderQueue(rows) {
    var body = $("queue");
    body.textContent = "";
    rows.forEach(function (t) {
      var tr = el("tr", null, t.escalated ? "escalated" : "");
      [t.reference + (t.escalated ? " (geëscaleerd)" : ""), t.user_name || "anoniem", t.plan || "–", t.level,
       t.priority, duration(t.waiting_seconds)].forEach(function (v) { tr.appendChild(el("td", v)); });
      var due = el("td", duration(t.due_in_seconds), t.due_in_seconds !== null && t.due_in_seconds < 0 ? "overdue" : "");
      tr.appendChild(due);
      tr.appendChild(el("td", t.status === "assigned" ? "bij " + t.assigned_agent : "wachtend"));
      var cell = el("td"), open = el("button", t.status === "queued" ? "Oppakken" : "Open");
      open.type = "button";
      open.dataset.ticket = t.id;
      open.addEventListener("click", function () {
        (t.status === "queued" ? api("POST", "/tickets/" + t.id + "/claim") : Promise.resolve())
          .then(function () { openTicket(t.id); refreshQueue(); })
          .catch(function (e) { alert("Niet gelukt: " + e.message); refreshQueue(); });
      });
      cell.appendChild(open); tr.appendChild(cell); body.appendChild(tr);
    });
  }

  function refreshQueue() { return api("GET", "/queue").then(renderQueue).catch(function () {}); }

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
      $("chat").hidden = false;
      $("chat-title").textContent = t.reference + " – " + (t.subject || "");
      $("description").textContent = t.description;
      var transcript = $("transcript"), messages = $("messages"), identity = $("identity"), rights = $("entitlements");
      [transcript, messages, identity, rights].forEach(function (n) { n.textContent = ""; });
      t.transcript.forEach(function (m) { addMessage(transcript, m); });
      lastMessageId = 0;
      t.messages.forEach(function (m) { addMessage(messages, m); lastMessageId = Math.max(lastMessageId, m.id); });
      Object.keys(t.identity).forEach(function (k) { identity.appendChild(el("dt", k)); identity.appendChild(el("dd", t.identity[k])); });
      Object.keys(t.entitlements).forEach(function (k) { rights.appendChild(el("li", k + ": " + (t.entitlements[k] ? "ja" : "nee"))); });
    });
  }

  function onEvent(event) {
    var data = JSON.parse(event.data);
    if (data.type === "queue") { refreshQueue(); }
    if (data.type === "message" && current && data.ticket === current.id && data.id > lastMessageId) {
      addMessage($("messages"), data); lastMessageId = data.id;
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
  $("reply-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = $("reply").value.trim();
    if (!text || !current) { return; }
    api("POST", "/tickets/" + current.id + "/messages", {text: text}).then(function () { $("reply").value = ""; })
      .catch(function (err) { alert(err.message); });
  });
  ["release", "resolve"].forEach(function (name) {
    $(name).addEventListener("click", function () {
      if (!current) { return; }
      api("POST", "/tickets/" + current.id + "/" + name).then(function () { $("chat").hidden = true; current = null; refreshQueue(); })
        .catch(function (err) { alert(err.message); });
    });
  });
  api("GET", "/me").then(function (data) { csrf = data.csrf; start(data.agent); }).catch(function () {});
}());
