/**
 * The script the report runs in the browser: reads the chart data embedded as JSON and draws
 * each chart with Chart.js. Plain ES2017, no modules. It sets `data-charts="ready"` (or
 * "error") on <html> when done, which the browser test waits for.
 */
import { PRINT_CHART_MM } from "./style.js";

export const CLIENT_JS = `
(function () {
  "use strict";
  var root = document.documentElement;
  var SUP = { "-": "\\u207b", "0": "\\u2070", "1": "\\u00b9", "2": "\\u00b2", "3": "\\u00b3", "4": "\\u2074", "5": "\\u2075", "6": "\\u2076", "7": "\\u2077", "8": "\\u2078", "9": "\\u2079" };
  function fmt(v) {
    if (v === null || v === undefined || !isFinite(v)) return "\\u2014";
    if (v === 0) return "0";
    var a = Math.abs(v);
    if (a >= 1e-3 && a < 1e5) return String(+v.toPrecision(4));
    return v.toExponential(2).replace(/\\.?0+e/, "e");
  }
  function pow10(v, sci) {
    var e = Math.round(Math.log10(v));
    if (!sci) return String(+Math.pow(10, e).toPrecision(1));
    return "10" + String(e).split("").map(function (c) { return SUP[c] || c; }).join("");
  }
  // Log axes: ticks at powers of ten over many decades (thinned beyond 9), at 1-2-5 over a few.
  function logTickValues(scale) {
    var min = scale.min, max = scale.max;
    if (!(min > 0) || !(max > min)) return null;
    var decades = Math.log10(max / min);
    var steps = decades >= 3 ? [1] : [1, 2, 5];
    var every = decades > 16 ? 3 : decades > 9 ? 2 : 1;
    var out = [];
    for (var e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
      if (e % every !== 0) continue;
      steps.forEach(function (m) {
        var v = +(m * Math.pow(10, e)).toPrecision(12);
        if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) out.push({ value: v, major: m === 1 });
      });
    }
    // Powers of ten as 10ⁿ on the whole axis when any would be long as a decimal.
    scale.$sci = out.some(function (t) { return t.value < 1e-3 || t.value >= 1e5; });
    return out.length >= 2 ? out : null;
  }
  function logLabel(v) {
    var e = Math.floor(Math.log10(v) + 1e-9);
    var m = Math.round(v / Math.pow(10, e) * 1000) / 1000;
    if (!this.$sci) return String(+v.toPrecision(3));
    return (m === 1 ? "" : m + "\u00d7") + pow10(Math.pow(10, e), true);
  }
  function axis(a) {
    var o = {
      type: a.log ? "logarithmic" : "linear",
      title: { display: !!a.label, text: a.label, color: "#5d6677", font: { size: 12 } },
      ticks: { maxRotation: 0, autoSkipPadding: 8 },
      grid: { color: "#eceef2" },
      border: { color: "#c9ced6" }
    };
    if (a.log) {
      o.ticks.callback = logLabel;
      o.afterBuildTicks = function (scale) { var t = logTickValues(scale); if (t) scale.ticks = t; };
    }
    else if (a.percent) o.ticks.callback = function (v) { return Math.round(v * 1000) / 10 + "%"; };
    else o.ticks.callback = function (v) { return fmt(v); };
    if (a.integer) o.ticks.precision = 0;
    if (a.zero) o.beginAtZero = true;
    if (a.log && a.range) { o.suggestedMin = a.range[0]; o.suggestedMax = a.range[1]; }
    return o;
  }
  // A log axis spans at least one decade, so small differences do not look like large ones.
  function logRange(s) {
    var lo = Infinity, hi = -Infinity;
    s.datasets.forEach(function (d) { d.data.forEach(function (p) { if (p.y > 0) { lo = Math.min(lo, p.y); hi = Math.max(hi, p.y); } }); });
    if (!(hi >= lo) || hi / lo >= 10) return null;
    var mid = Math.sqrt(lo * hi), half = Math.sqrt(10);
    return [Math.min(lo, mid / half), Math.max(hi, mid * half)];
  }
  function make(canvas, s) {
    if (s.y.log) s.y.range = logRange(s);
    var manyPoints = s.datasets.some(function (d) { return d.data.length > 60; });
    var datasets = s.datasets.map(function (d) {
      return {
        label: d.label,
        data: d.data,
        borderColor: d.color,
        backgroundColor: d.color,
        borderWidth: s.kind === "histograms" ? 1.6 : 2,
        pointRadius: d.pointRadius || (d.points ? 2.5 : 0),
        pointStyle: d.pointStyle || "circle",
        pointBorderWidth: d.pointRadius ? 2.2 : 1,
        pointHoverRadius: 4,
        pointHitRadius: 6,
        stepped: d.stepped ? "middle" : false,
        borderDash: d.dash ? [6, 4] : [],
        spanGaps: false,
        tension: 0
      };
    });
    var yFmt = s.y.percent ? function (v) { return (Math.round(v * 1000) / 10) + "%"; } : fmt;
    return new Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        devicePixelRatio: Math.max(2, window.devicePixelRatio || 1),
        interaction: { mode: manyPoints ? "index" : "nearest", intersect: false, axis: "x" },
        layout: { padding: { top: 4, right: 8 } },
        plugins: {
          legend: {
            position: "bottom",
            labels: { boxWidth: 16, boxHeight: 3, padding: 12, font: { size: 12 } }
          },
          tooltip: {
            callbacks: {
              title: function (items) { return items.length ? (s.x.label || "x") + " " + fmt(items[0].parsed.x) : ""; },
              label: function (c) { return " " + c.dataset.label + ": " + yFmt(c.parsed.y); }
            }
          }
        },
        scales: { x: axis(s.x), y: axis(s.y) }
      }
    });
  }
  try {
    if (typeof Chart !== "function") throw new Error("Chart.js did not load");
    var font = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.family = font;
    Chart.defaults.font.size = 12;
    Chart.defaults.color = "#4a5263";
    var specs = JSON.parse(document.getElementById("nninit-charts").textContent);
    var charts = [];
    specs.forEach(function (s) {
      var canvas = document.getElementById(s.id);
      if (canvas && s.datasets.length) charts.push(make(canvas, s));
    });
    // Print: CSS gives the boxes A4 sizes, but charts must be resized before the page is laid out.
    var MM = 96 / 25.4;
    function legendFont(c, size, pad) {
      var labels = c.options.plugins.legend.labels;
      labels.font = { size: size };
      labels.padding = pad;
      labels.boxWidth = size + 4;
    }
    window.addEventListener("beforeprint", function () {
      charts.forEach(function (c) {
        legendFont(c, 9, 6);
        c.resize(Math.floor(${PRINT_CHART_MM.width} * MM), Math.floor(${PRINT_CHART_MM.height} * MM));
        c.update("none");
      });
    });
    window.addEventListener("afterprint", function () {
      charts.forEach(function (c) {
        legendFont(c, 12, 12);
        c.resize();
        c.update("none");
      });
    });
    root.setAttribute("data-charts", "ready");
  } catch (e) {
    root.setAttribute("data-charts", "error");
    var warn = document.getElementById("chart-error");
    if (warn) { warn.hidden = false; warn.textContent = "Charts could not be drawn: " + (e && e.message ? e.message : e); }
    console.error(e);
  }
})();
`;
