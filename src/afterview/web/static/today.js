// Today: when a row is marked done, htmx swaps it out; the keyboard's focus then goes to
// the next row's Done button, else the previous row's, else the section's heading, so it
// is never lost on a removed button. If the server answered with a problem instead, the
// focus goes to it.
document.addEventListener("htmx:beforeSwap", function (event) {
  var row = event.detail.target;
  if (!event.detail.shouldSwap || !row || !row.matches || !row.matches("li.action")) { return; }
  var list = row.parentElement, next = row.nextElementSibling, previous = row.previousElementSibling;
  var section = row.closest("section");
  window.setTimeout(function () {
    if (row.isConnected) { return; }  // the row stays: nothing to move away from
    var replaced = next ? next.previousElementSibling : list.lastElementChild;
    if (replaced && replaced !== previous) {
      var problem = replaced.querySelector("button, a, [role='alert']") || replaced;
      if (!problem.matches("button, a")) { problem.setAttribute("tabindex", "-1"); }
      problem.focus();
      return;
    }
    var neighbour = [next, previous].filter(function (item) { return item && item.isConnected; })[0];
    var target = neighbour && (neighbour.querySelector("button") || neighbour.querySelector("a"));
    if (!target) { target = (section && section.querySelector("h2")) || document.querySelector("h1"); }
    target.focus();
  }, 0);
});
