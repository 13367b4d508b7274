// The progress bar takes its width from aria-valuenow: a style attribute written in the page would be
// refused by the Content-Security-Policy, a style set from a script is not.
document.querySelectorAll(".progress[aria-valuenow] > .progress-bar").forEach(function (bar) {
  bar.style.width = bar.parentElement.getAttribute("aria-valuenow") + "%";
});
