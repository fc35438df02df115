// Defusing request: while it waits, listen on the user's socket and show "Gå til samtalen"
// as soon as someone on duty takes it, without a reload.
(function () {
  "use strict";
  var box = document.getElementById("defusing-waiting");
  if (!box || typeof io === "undefined") return;
  var socket = io(box.dataset.namespace);
  socket.on("defusing_taken", function (data) {
    var paragraph = document.createElement("p");
    paragraph.className = "ds-paragraph";
    paragraph.textContent = data.by + " " + box.dataset.taken + " ";
    var link = document.createElement("a");
    link.className = "ds-link";
    link.href = data.url;
    link.textContent = box.dataset.go;
    paragraph.appendChild(link);
    box.replaceChildren(paragraph);
    box.dataset.color = "success";
    var withdraw = box.nextElementSibling;
    if (withdraw && withdraw.querySelector("form")) withdraw.remove();
    socket.disconnect();
  });
})();
