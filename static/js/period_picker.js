// Shows only the inputs that the chosen kind of period uses; without script every input stays visible.
(function () {
  var picker = document.getElementById("period-picker");
  if (!picker) { return; }
  var kind = picker.querySelector("#id_kind");
  var groups = { year: ["pp-year"], quarter: ["pp-year", "pp-quarter"], month: ["pp-year", "pp-month"], custom: ["pp-custom"] };
  function update() {
    var shown = groups[kind.value] || groups.year;
    ["pp-year", "pp-quarter", "pp-month", "pp-custom"].forEach(function (name) {
      picker.querySelectorAll("." + name).forEach(function (el) {
        el.classList.toggle("d-none", shown.indexOf(name) === -1);
      });
    });
  }
  kind.addEventListener("change", update);
  update();
})();
