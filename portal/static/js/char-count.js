// Live character counter for fields with a length limit (templates/macros/forms.html).
// The limit is also written in the field's hint, so the page works without this script;
// the text is never cut: the server refuses text that is too long and keeps it in the form.
(function () {
  "use strict";
  const QUIET_MS = 800; // screen readers hear the count once typing pauses, not on every key

  function setUp(counter) {
    const input = document.getElementById(counter.dataset.countFor);
    if (!input) return;
    const limit = Number(input.dataset.maxlength);
    const shown = counter.querySelector(".char-count__shown");
    const spoken = counter.querySelector("[aria-live]");
    let timer = null;

    function text() {
      const left = limit - input.value.length;
      const template = left >= 0 ? counter.dataset.left : counter.dataset.over;
      return template.replace("{n}", String(Math.abs(left)));
    }

    function update(announce) {
      const over = input.value.length > limit;
      shown.textContent = text();
      counter.classList.toggle("char-count--over", over);
      clearTimeout(timer);
      if (announce) timer = setTimeout(() => { spoken.textContent = text(); }, QUIET_MS);
    }

    counter.hidden = false;
    update(false);
    input.addEventListener("input", () => update(true));
  }

  document.querySelectorAll(".char-count[data-count-for]").forEach(setUp);
})();
