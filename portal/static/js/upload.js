// Upload progress for file forms (progressive enhancement: the forms work without this).
// Sends the form with XMLHttpRequest to show a progress bar; the server's answer then replaces
// the page's main content, as a normal submit would (after a redirect, or with the errors).
"use strict";

function enhance(root) {
  root.querySelectorAll("form[data-upload-form]").forEach((form) => enhanceForm(form));
}

function enhanceForm(form) {
  const progress = form.querySelector(".upload-progress");
  const status = form.querySelector("[data-upload-status]");
  form.addEventListener("submit", (event) => {
    if (!window.FormData || !progress) {
      return;
    }
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", (update) => {
      if (update.lengthComputable) {
        progress.hidden = false;
        progress.value = Math.round((update.loaded / update.total) * 100);
        status.textContent = `Laster opp … ${progress.value} %`;
      }
    });
    request.addEventListener("load", () => {
      // Show the server's answer (the page after the redirect, or the page with the errors).
      const page = new DOMParser().parseFromString(request.responseText, "text/html");
      const main = page.querySelector("main");
      if (!main) {
        status.textContent = "Opplastingen mislyktes. Prøv igjen.";
        return;
      }
      if (request.status < 400 && request.responseURL) {
        window.history.replaceState(null, "", request.responseURL);
      }
      document.title = page.title;
      document.querySelector("main").replaceWith(main);
      main.focus();
      enhance(main);
    });
    request.addEventListener("error", () => {
      progress.hidden = true;
      status.textContent = "Opplastingen ble avbrutt. Sjekk nettforbindelsen og prøv igjen.";
    });
    status.textContent = "Laster opp …";
    request.send(new FormData(form));
  });
}

enhance(document);
