// The note editor: a proofreading suggestion's button puts the suggestion in its span.
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
