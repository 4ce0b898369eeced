// The navbar's menu folds behind its toggler on narrow screens (Bootstrap's collapse classes,
// without its 80 kB script). Without JavaScript the menu simply stays open and the toggler hidden,
// so every link stays reachable.
(function () {
  var toggler = document.querySelector("[data-navbar-toggler]");
  if (!toggler) return;
  var menu = document.getElementById(toggler.getAttribute("aria-controls"));
  menu.classList.add("collapse");
  toggler.hidden = false;
  toggler.addEventListener("click", function () {
    var open = menu.classList.toggle("show");
    toggler.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
