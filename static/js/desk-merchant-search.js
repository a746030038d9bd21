/* Log a call: matching merchants appear as you type (GET /desk/merchants/?q=, at most 20), as the
   same list of links the server renders for a plain search. Without JavaScript "Find" does it. */
(function () {
  "use strict";
  const form = document.querySelector("[data-merchant-search]");
  const box = document.querySelector("[data-merchant-matches]");
  if (!form || !box || !window.fetch) return;
  const input = form.querySelector("input[name=q]");
  let timer = 0;
  let asked = 0;

  function show(results, term) {
    box.textContent = "";
    if (!results.length) {
      const none = document.createElement("p");
      none.className = "muted";
      none.textContent = "No merchant matches “" + term + "”.";
      box.appendChild(none);
      return;
    }
    const list = document.createElement("ul");
    list.className = "merchant-matches";
    results.forEach(function (m) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = m.url;
      link.textContent = m.name;
      const about = document.createElement("span");
      about.className = "muted small";
      about.textContent = m.contact_email + " · " + m.licence_key;
      item.append(link, " ", about);
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function search() {
    const term = input.value.trim();
    if (term.length < 2) { box.textContent = ""; return; }
    const mine = ++asked;
    fetch(form.dataset.endpoint + "?q=" + encodeURIComponent(term), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { if (mine === asked) show(data.results, term); })
      .catch(function () { /* the Find button still searches on the server */ });
  }

  input.addEventListener("input", function () { window.clearTimeout(timer); timer = window.setTimeout(search, 200); });
  // Down arrow from the field moves to the first match, up/down walk the list.
  input.addEventListener("keydown", function (e) {
    const first = box.querySelector("a");
    if (e.key === "ArrowDown" && first) { e.preventDefault(); first.focus(); }
  });
  box.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const links = Array.prototype.slice.call(box.querySelectorAll("a"));
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    e.preventDefault();
    if (e.key === "ArrowUp" && at === 0) input.focus();
    else links[Math.max(0, Math.min(links.length - 1, at + (e.key === "ArrowDown" ? 1 : -1)))].focus();
  });
})();
