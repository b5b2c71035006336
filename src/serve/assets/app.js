// dateline serve: small conveniences on top of pages that work without script.
// Changing the sort order or a select in the search form submits it at once.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll("form.search select")) {
    el.addEventListener("change", () => el.form.requestSubmit());
  }
  // "/" focuses the search box, as on many search sites.
  document.addEventListener("keydown", (e) => {
    const box = document.getElementById("q");
    if (e.key === "/" && box && document.activeElement !== box && !(e.target instanceof HTMLInputElement)) {
      e.preventDefault();
      box.focus();
    }
  });
});
