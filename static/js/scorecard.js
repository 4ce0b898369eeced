/* Live weighted total of a committee scorecard. Mirrors committees/aggregation.py
   `weighted_score`: a criterion marked « sans objet » (value "na") or not answered yet is left out
   and its weight removed from the denominator; it is never counted as 0. The server recomputes the
   total on save; this is only a preview. */
(function () {
  "use strict";
  var form = document.getElementById("scorecard");
  var output = document.getElementById("note-ponderee");
  if (!form || !output) { return; }
  var formatter = new Intl.NumberFormat(document.documentElement.lang || "fr-CA", {
    minimumFractionDigits: 2, maximumFractionDigits: 2
  });

  function weightedScore() {
    var weightSum = 0;
    var total = 0;
    form.querySelectorAll("[data-criterion]").forEach(function (fieldset) {
      var checked = fieldset.querySelector("input[type=radio]:checked");
      if (!checked || checked.value === "na") { return; }
      var weight = parseFloat(fieldset.dataset.weight);
      weightSum += weight;
      total += weight * parseInt(checked.value, 10);
    });
    return weightSum ? total / weightSum : null;
  }

  function refresh() {
    var score = weightedScore();
    output.textContent = score === null ? output.dataset.empty : formatter.format(score) + " / 5";
  }

  form.addEventListener("change", refresh);
  refresh();
}());
