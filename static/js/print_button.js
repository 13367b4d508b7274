// "In trang" buttons print the page. A handler here rather than an onclick attribute, which the
// Content-Security-Policy refuses to run.
document.querySelectorAll("[data-print-page]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
