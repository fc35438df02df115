// Search-as-you-type in the header: the search field becomes an ARIA combobox whose listbox
// offers titles from /sok/forslag. Without this script the field is a plain GET form to /sok.
(function () {
  "use strict";
  var input = document.getElementById("sok-topp");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.dataset.suggestList);
  var url = input.dataset.suggestUrl;
  var timer = null;
  var active = -1;
  var asked = 0;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function options() {
    return list.querySelectorAll("[role=option]");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function mark(index) {
    var all = options();
    active = index;
    for (var i = 0; i < all.length; i++) {
      all[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    if (index >= 0) input.setAttribute("aria-activedescendant", all[index].id);
    else input.removeAttribute("aria-activedescendant");
  }

  function show(items) {
    list.textContent = "";
    items.forEach(function (item, i) {
      var option = document.createElement("li");
      option.id = list.id + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.url = item.url;
      option.textContent = item.title;
      var kind = document.createElement("span");
      kind.className = "site-search__kind";
      kind.textContent = item.kind;
      option.appendChild(kind);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.assign(item.url);
      });
      list.appendChild(option);
    });
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      mark(-1);
    } else {
      close();
    }
  }

  function ask() {
    var text = input.value.trim();
    if (text.length < 2) return close();
    var number = ++asked;
    fetch(url + "?q=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.ok ? response.json() : [];
      })
      .then(function (items) {
        if (number === asked) show(items);
      })
      .catch(close);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });

  input.addEventListener("keydown", function (event) {
    var count = options().length;
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      if (list.hidden) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      mark((active + 1) % count);
    } else if (event.key === "ArrowUp" && count && !list.hidden) {
      event.preventDefault();
      mark(active <= 0 ? count - 1 : active - 1);
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      window.location.assign(options()[active].dataset.url);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", close);
})();
