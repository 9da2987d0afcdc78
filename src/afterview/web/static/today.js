// Today: every row gives way in place once htmx has posted it. A Done swaps it for its
// Undo (and an Undo swaps the row back); a form that resolves the row swaps it for nothing;
// a refused form, or one that leaves the row open, swaps it for itself again. The keyboard's
// focus then goes where the user left off: to the first wrong field of a refused form, to
// the first field of a row still open, else to the button of what took the row's place, so
// it is never lost on a removed button. Were the row swapped out for nothing, the focus
// goes to the next row's button, else the previous row's, else the section's heading. If
// the server answered with a problem instead, the focus goes to it. This waits for htmx to
// settle, when the new content's own forms are live: Enter on an Undo focused earlier
// would post it without htmx and reload the page. The sections' counts come from the
// server with the swap (out of band).
document.addEventListener("htmx:beforeSwap", function (event) {
  var row = event.detail.target;
  if (!event.detail.shouldSwap || !row || !row.matches || !row.matches("li.action")) { return; }
  var list = row.parentElement, next = row.nextElementSibling, previous = row.previousElementSibling;
  var section = row.closest("section"), id = row.id;
  document.addEventListener("htmx:afterSettle", function () {
    if (row.isConnected) { return; }  // the row stays: nothing to move away from
    var replaced = next ? next.previousElementSibling : list.lastElementChild;
    if (replaced && replaced !== previous) {
      var field = id && replaced.id === id
        && replaced.querySelector(".resolve input:not([type='hidden']), .resolve select, .resolve textarea");
      var problem = replaced.querySelector("[aria-invalid='true']") || replaced.querySelector("[role='alert']")
        || field || replaced.querySelector("button") || replaced.querySelector("a") || replaced;
      if (!problem.matches("button, a, input, select, textarea")) { problem.setAttribute("tabindex", "-1"); }
      problem.focus();
      return;
    }
    var neighbour = [next, previous].filter(function (item) { return item && item.isConnected; })[0];
    var target = neighbour && (neighbour.querySelector("button") || neighbour.querySelector("a"));
    if (!target) { target = (section && section.querySelector("h2")) || document.querySelector("h1"); }
    target.focus();
  }, { once: true });
});
