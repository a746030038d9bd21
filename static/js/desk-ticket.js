/* The agent's ticket page: canned replies and explanations fill the reply box, presence heartbeat,
   keyboard shortcuts. The page works without it (GET ?canned= / ?explain= fill on the server). */
(function () {
  "use strict";
  const root = document.getElementById("desk-ticket");
  if (!root) return;
  const form = document.getElementById("respond-form");
  const box = form && form.querySelector("textarea[name=body]");
  const csrf = form && form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const HEARTBEAT_MS = Number(root.dataset.heartbeatMs || 5000);
  let lastTyped = 0;

  function setKind(kind) {
    const radio = form && form.querySelector(`input[name=kind][value=${kind}]`);
    if (radio) { radio.checked = true; markKind(); }
  }
  function markKind() {
    const note = form.querySelector("input[name=kind][value=note]");
    form.closest(".respond").classList.toggle("is-note", !!(note && note.checked));
  }
  function fillReply(text, kind) {
    if (!box) return;
    // Keep what the agent already typed: the inserted text goes at the cursor.
    const start = box.selectionStart ?? box.value.length, end = box.selectionEnd ?? box.value.length;
    box.value = box.value.slice(0, start) + text + box.value.slice(end);
    if (kind) setKind(kind);
    box.focus();
    box.selectionStart = box.selectionEnd = start + text.length;
    lastTyped = Date.now();
  }

  if (form) {
    form.addEventListener("change", (e) => { if (e.target.name === "kind") markKind(); });
    markKind();
    box && box.addEventListener("input", () => { lastTyped = Date.now(); });
  }
  const picker = document.querySelector("[data-canned-picker]");
  if (picker) {
    picker.addEventListener("submit", (e) => {
      const option = picker.querySelector("select").selectedOptions[0];
      if (!option || !option.dataset.body) return;
      e.preventDefault();
      fillReply(option.dataset.body, "reply");
    });
  }
  document.querySelectorAll("[data-fill]").forEach((link) => link.addEventListener("click", (e) => {
    e.preventDefault();
    fillReply(link.dataset.fill, link.dataset.fillKind);
  }));

  // Presence: a heartbeat says "viewing" (and "typing" within a few seconds of a keystroke); the answer
  // lists the other agents and the newest message id, so a reply landing meanwhile is announced.
  const presence = document.querySelector("[data-testid=presence]");
  const newMessages = document.querySelector("[data-testid=new-messages]");
  const seen = Number(root.dataset.latestMessage || 0);
  function showOthers(others) {
    presence.replaceChildren(...others.map((o) => {
      const span = document.createElement("span");
      span.className = "who" + (o.typing ? " typing" : "");
      span.textContent = o.text;
      return span;
    }));
  }
  async function beat() {
    const body = new URLSearchParams({typing: Date.now() - lastTyped < 6000 ? "1" : "0"});
    try {
      const response = await fetch(root.dataset.presenceUrl, {method: "POST", body, credentials: "same-origin",
        headers: {"X-CSRFToken": csrf}});
      if (!response.ok) return;
      const data = await response.json();
      showOthers(data.others);
      if (newMessages && data.latest_message_id > seen) newMessages.hidden = false;
    } catch (err) { /* offline for a moment: the next beat tries again */ }
  }
  if (presence && csrf) {
    beat();
    setInterval(beat, HEARTBEAT_MS);
    window.addEventListener("pagehide", () => {
      navigator.sendBeacon && navigator.sendBeacon(root.dataset.presenceUrl,
        new URLSearchParams({leave: "1", csrfmiddlewaretoken: csrf}));
    });
  }

  // Keyboard shortcuts (not while typing in a field).
  const help = document.getElementById("shortcuts");
  document.querySelectorAll("[data-shortcuts-open]").forEach((b) => b.addEventListener("click", () => help.showModal()));
  function postTo(url) {
    const f = document.createElement("form");
    f.method = "post"; f.action = url;
    const token = document.createElement("input");
    token.type = "hidden"; token.name = "csrfmiddlewaretoken"; token.value = csrf;
    f.appendChild(token); document.body.appendChild(f); f.submit();
  }
  function listNeighbour(step) {
    // The queue page may leave the list it showed in sessionStorage ("desk.list": ticket URLs in order).
    let list;
    try { list = JSON.parse(sessionStorage.getItem("desk.list") || "[]"); } catch (err) { return; }
    const i = list.indexOf(location.pathname);
    if (i >= 0 && list[i + step]) location.href = list[i + step];
  }
  let pendingG = 0;
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (e.key === "Escape" && t && t.matches && t.matches("textarea, input, select")) { t.blur(); return; }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.isContentEditable || (t.matches && t.matches("textarea, input, select")))) return;
    if (help && help.open) return;
    const gThen = Date.now() - pendingG < 1500;
    pendingG = 0;
    switch (e.key) {
      case "r": e.preventDefault(); setKind("reply"); box && box.focus(); break;
      case "n":
        e.preventDefault();
        if (gThen) { if (root.dataset.nextUrl) postTo(root.dataset.nextUrl); }
        else { setKind("note"); box && box.focus(); }
        break;
      case "a": if (document.getElementById("assign-me-form")) { e.preventDefault(); postTo(root.dataset.assignUrl); } break;
      case "g": pendingG = Date.now(); break;
      case "j": listNeighbour(1); break;
      case "k": listNeighbour(-1); break;
      case "?": e.preventDefault(); help && help.showModal(); break;
    }
  });
})();
