// The kiosk: a form nobody has touched for a minute is cleared and the start page shown, so the next
// villager never sees what the last one typed. The pages work without it (no script is needed).
(function () {
  var idle;
  function later() {
    clearTimeout(idle);
    idle = setTimeout(function () { window.location.href = "/"; }, 60000);
  }
  ["input", "keydown", "pointerdown", "touchstart"].forEach(function (e) {
    document.addEventListener(e, later, true);
  });
  later();
})();
