// Progressive enhancement only: every page works without this file.
// Moves keyboard focus to an error summary after a page load or an htmx swap, so that screen-reader
// and keyboard users land on the list of what to correct (WCAG 3.3.1, 2.4.3).
(function () {
  // After an htmx save the button that had focus is gone: focus the errors, else the status message.
  function focusSummary(root, afterSwap) {
    var target = root.querySelector("[data-error-summary]") || (afterSwap && root.querySelector(".portal-messages"));
    if (target) { target.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusSummary(document, false); });
  document.addEventListener("htmx:afterSettle", function () { focusSummary(document, true); });
})();
