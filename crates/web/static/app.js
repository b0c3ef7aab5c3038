// The pages' small behaviours, kept out of the HTML so the Content-Security-Policy can forbid
// inline script: `data-print` buttons print the page; a `data-autosubmit` select submits its
// form when changed (the form keeps a submit button for keyboards and no-script browsers); a
// `data-progress` upload form shows how much has been sent, then that the server is checking,
// and then the answer page (without script the browser submits it as usual); a
// `data-countdown` element counts its seconds down to zero (the exam's time left; the server
// still judges the deadline).
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
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-progress") || !window.FormData) return;
    const bar = form.querySelector("progress");
    const label = form.querySelector("[data-progress-label]");
    if (!bar || !label) return;
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    bar.hidden = false;
    label.hidden = false;
    form.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    request.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      bar.max = e.total;
      bar.value = e.loaded;
      label.textContent = form.dataset.sending.replace("{percent}", String(Math.floor((100 * e.loaded) / e.total)));
    });
    request.upload.addEventListener("load", () => {
      bar.removeAttribute("value");
      label.textContent = form.dataset.checking;
    });
    request.addEventListener("load", () => {
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", () => {
      form.querySelectorAll("button").forEach((b) => { b.disabled = false; });
      bar.hidden = true;
      label.textContent = form.dataset.failed;
    });
    request.send(new FormData(form));
  });
  const countdown = () => {
    document.querySelectorAll("[data-countdown]").forEach((el) => {
      const end = Date.now() + 1000 * Number(el.getAttribute("data-countdown"));
      const tick = () => {
        const left = Math.max(0, Math.round((end - Date.now()) / 1000));
        const mm = String(Math.floor(left / 60)).padStart(2, "0");
        const ss = String(left % 60).padStart(2, "0");
        el.textContent = left > 0 ? (el.dataset.label || "").replace("{time}", mm + ":" + ss) : el.dataset.over || "";
        el.classList.toggle("warn-text", left <= 300);
        if (left > 0) setTimeout(tick, 1000);
      };
      tick();
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", countdown);
  else countdown();
})();
