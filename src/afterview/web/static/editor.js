// The note editor.
// A proofreading suggestion's button puts the suggestion in its span.
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("button.fix") : null;
  if (!button) { return; }
  var area = document.getElementById("note-text");
  var start = Number(button.dataset.start), end = Number(button.dataset.end);
  if (area.value.slice(start, end) !== button.dataset.text) { return; }  // the text moved on
  area.value = area.value.slice(0, start) + button.dataset.suggestion + area.value.slice(end);
  area.focus();
  area.setSelectionRange(start + button.dataset.suggestion.length, start + button.dataset.suggestion.length);
  area.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
});

// The interviewers' tabs (the WAI-ARIA tabs pattern, activated by hand): Left and Right
// move the focus to the previous and next tab, Home and End to the first and last, with a
// roving tabindex; Enter or Space opens the focused tab's note. The tabs are links, each
// in the Tab order as served, so without JavaScript they still open each note; with it,
// only the selected tab stays in the Tab order.
function rove(tabs, current) {
  tabs.forEach(function (each) { each.setAttribute("tabindex", each === current ? "0" : "-1"); });
}
Array.prototype.forEach.call(document.querySelectorAll("[role='tablist']"), function (list) {
  var tabs = Array.prototype.slice.call(list.querySelectorAll("[role='tab']"));
  rove(tabs, list.querySelector("[role='tab'][aria-selected='true']") || tabs[0]);
});
document.addEventListener("keydown", function (event) {
  var tab = event.target.closest ? event.target.closest("[role='tab']") : null;
  if (!tab || event.altKey || event.ctrlKey || event.metaKey) { return; }
  var tabs = Array.prototype.slice.call(tab.closest("[role='tablist']").querySelectorAll("[role='tab']"));
  var index = tabs.indexOf(tab), goal = null;
  if (event.key === "ArrowRight") { goal = tabs[(index + 1) % tabs.length]; }
  else if (event.key === "ArrowLeft") { goal = tabs[(index - 1 + tabs.length) % tabs.length]; }
  else if (event.key === "Home") { goal = tabs[0]; }
  else if (event.key === "End") { goal = tabs[tabs.length - 1]; }
  else if (event.key === " ") { event.preventDefault(); tab.click(); return; }
  if (!goal) { return; }
  event.preventDefault();
  rove(tabs, goal);
  goal.focus();
});

// Unsent edits are kept in this tab's session storage, one per note, so switching to
// another interviewer's tab (or another page) and back loses nothing; "Discard them"
// brings the draft back. A page showing a sent note forgets its edits.
(function () {
  var store = null;
  try { store = window.sessionStorage; } catch (error) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("[data-sent-key]"), function (sent) {
    store.removeItem("afterview:" + sent.dataset.sentKey);
    store.removeItem("afterview:" + sent.dataset.sentKey + ":subject");
  });
  var area = document.querySelector("textarea[data-draft-key]");
  if (!area) { return; }
  var key = "afterview:" + area.dataset.draftKey;
  var subject = document.getElementById("subject");
  var kept = document.getElementById("kept");
  var savedText = store.getItem(key), savedSubject = store.getItem(key + ":subject");
  var restored = false;
  if (savedText !== null && savedText !== area.value) { area.value = savedText; restored = true; }
  if (subject && savedSubject !== null && savedSubject !== subject.value) {
    subject.value = savedSubject; restored = true;
  }
  if (restored && kept) {
    kept.hidden = false;
    document.addEventListener("htmx:load", function once() {
      document.removeEventListener("htmx:load", once);
      area.dispatchEvent(new Event("kept"));  // proofread the kept text
    });
  }
  function save() {
    if (area.value === area.defaultValue) { store.removeItem(key); } else { store.setItem(key, area.value); }
    if (subject) {
      if (subject.value === subject.defaultValue) { store.removeItem(key + ":subject"); }
      else { store.setItem(key + ":subject", subject.value); }
    }
  }
  area.addEventListener("input", save);
  if (subject) { subject.addEventListener("input", save); }
  if (kept) {
    kept.querySelector("[data-discard]").addEventListener("click", function () {
      area.value = area.defaultValue;
      if (subject) { subject.value = subject.defaultValue; }
      store.removeItem(key);
      store.removeItem(key + ":subject");
      kept.hidden = true;
      area.focus();
      area.dispatchEvent(new Event("kept"));
    });
  }
})();

// "Copy the text": shown only where a script can copy; the subject goes first when there is one.
Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
  if (!navigator.clipboard) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var area = document.getElementById("note-text"), subject = document.getElementById("subject");
    var text = (subject && subject.value ? "Subject: " + subject.value + "\n\n" : "") + area.value;
    navigator.clipboard.writeText(text).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy the text"; }, 2000);
    });
  });
});
