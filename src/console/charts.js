// Draws each measure's chart on the measures page with Chart.js (served by the app from node_modules). Each series
// has its own line pattern and point shape as well as its colour, so no chart needs colour to be read; the
// figures themselves are in the table beside each chart.
(function () {
  "use strict";
  var block = document.getElementById("measure-data");
  if (!block || typeof Chart === "undefined") return;
  var data = JSON.parse(block.textContent);
  // Okabe and Ito's palette, distinguishable with the common kinds of colour blindness.
  var colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9", "#6b6b00"];
  var shapes = ["circle", "triangle", "rect", "crossRot", "star", "rectRot", "cross", "line"];
  var dashes = [[], [8, 4], [2, 3], [12, 4, 2, 4], [4, 4], [1, 6], [16, 4], [6, 2, 2, 2]];
  Chart.defaults.font.size = 14;
  Chart.defaults.color = "#0b0c0c";
  data.measures.forEach(function (measure) {
    var canvas = document.getElementById("chart-" + measure.id);
    if (!canvas) return;
    var datasets = measure.series.map(function (series, index) {
      var values = measure.periods.map(function (period) {
        var point = measure.points.find(function (p) { return p.period === period && p.series === series; });
        return point ? point.value : null;
      });
      var at = index % colours.length;
      return {
        label: series,
        data: values,
        borderColor: colours[at],
        backgroundColor: colours[at],
        borderDash: dashes[at],
        pointStyle: shapes[at],
        pointRadius: 5,
        borderWidth: 2,
        spanGaps: false,
      };
    });
    canvas.chart = new Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: true } },
          tooltip: { callbacks: { label: function (item) { return item.dataset.label + ": " + (item.raw === null ? "fewer than 5 or none" : item.raw + (measure.unit === "percent" ? "%" : "")); } } },
        },
        scales: {
          y: { beginAtZero: true, title: { display: true, text: measure.unit }, max: measure.unit === "percent" ? 100 : undefined },
        },
      },
    });
  });
  document.documentElement.dataset.chartsDrawn = String(data.measures.length);
})();
