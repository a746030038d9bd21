/* Keyboard for the triage queue: j/k move, Enter/o open, x select, a assign to me, g n get next,
   / search, ? help. Everything also works with the mouse and without JavaScript. */
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-ticket-row]"));
  var help = document.getElementById("desk-help");
  var current = -1;
  var pendingG = false;

  function select(index) {
    if (!rows.length) return;
    index = Math.max(0, Math.min(rows.length - 1, index));
    // aria-selected belongs to grid rows; a plain table marks the highlighted row as the current one.
    if (current >= 0) { rows[current].classList.remove("is-current"); rows[current].removeAttribute("aria-current"); }
    current = index;
    rows[current].classList.add("is-current");
    rows[current].setAttribute("aria-current", "true");
    rows[current].scrollIntoView({ block: "nearest" });
  }

  function toggleHelp(show) {
    if (!help) return;
    help.hidden = show === undefined ? !help.hidden : !show;
    if (!help.hidden) help.querySelector("[data-close-help]").focus();
  }

  function assignToMe(row) {
    var form = document.getElementById("assign-me-form");
    form.action = row.getAttribute("data-claim-url");
    form.submit();
  }

  function typing(target) {
    var tag = target.tagName;
    return target.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  rows.forEach(function (row, index) {
    row.addEventListener("click", function (event) {
      if (event.target.closest("a, button, input")) return;
      select(index);
    });
  });
  // The ticket page's j/k walk this list (desk-ticket.js reads it).
  try {
    sessionStorage.setItem("desk.list", JSON.stringify(rows.map(function (row) { return row.getAttribute("data-href"); })));
  } catch (err) { /* storage disabled: j/k on the ticket page do nothing */ }
  if (help) help.querySelector("[data-close-help]").addEventListener("click", function () { toggleHelp(false); });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && help && !help.hidden) { toggleHelp(false); return; }
    if (typing(event.target)) return;
    var key = event.key;
    // Enter on a focused link or button does what that element says, not "open the selected row".
    if (key === "Enter" && event.target.closest("a, button")) return;
    if (pendingG) {
      pendingG = false;
      if (key === "n") { event.preventDefault(); document.getElementById("claim-next-form").submit(); }
      return;
    }
    var row = current >= 0 ? rows[current] : null;
    switch (key) {
      case "j": select(current + 1); break;
      case "k": select(current < 0 ? 0 : current - 1); break;
      case "Enter": case "o": if (row) window.location.href = row.getAttribute("data-href"); break;
      case "x": if (row) { var box = row.querySelector("input[type=checkbox]"); box.checked = !box.checked; } break;
      case "a": if (row) assignToMe(row); break;
      case "g": pendingG = true; window.setTimeout(function () { pendingG = false; }, 1500); break;
      case "/": var search = document.querySelector(".desk-search input[type=search]"); if (search) search.focus(); break;
      case "?": toggleHelp(); break;
      default: return;
    }
    event.preventDefault();
  });
})();
