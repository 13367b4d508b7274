// A long page on a phone starts with its secondary blocks folded, so that its index and its main figures
// come first; a block the index or the address points to opens. Without script every block stays open,
// and from the sm width up nothing is folded.
(function () {
  if (window.matchMedia("(max-width: 575.98px)").matches) {
    document.querySelectorAll("details[data-phone-fold]").forEach(function (fold) { fold.open = false; });
  }
  function reveal() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) { return; }
    var fold = target.querySelector("details[data-phone-fold]") || target.closest("details[data-phone-fold]");
    if (fold) { fold.open = true; }
  }
  reveal();
  window.addEventListener("hashchange", reveal);
})();
