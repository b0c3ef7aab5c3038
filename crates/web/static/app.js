// The pages' small behaviours, kept out of the HTML so the Content-Security-Policy can forbid
// inline script: `data-print` buttons print the page; a `data-autosubmit` select submits its
// form when changed (the form keeps a submit button for keyboards and no-script browsers).
(function () {
  "use strict";
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest("[data-print]");
    if (button) window.print();
  });
  document.addEventListener("change", (event) => {
    const select = event.target;
    if (select instanceof HTMLSelectElement && select.hasAttribute("data-autosubmit") && select.form) {
      select.form.submit();
    }
  });
})();
