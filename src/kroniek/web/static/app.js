/* kroniek newsroom view: time-expression tooltips and charts (Chart.js, vendored). */
"use strict";

(function tooltips() {
  const tip = document.getElementById("tip");
  if (!tip) return;
  // the server puts the TIMEX3 value and interval in a title attribute (native tooltip without
  // JavaScript); with JavaScript it moves to data-tip and shows in a styled box on hover or focus
  document.querySelectorAll(".timex[title]").forEach(function (el) {
    el.dataset.tip = el.getAttribute("title");
    el.removeAttribute("title");
    function show() {
      tip.textContent = el.dataset.tip;
      tip.hidden = false;
      const r = el.getBoundingClientRect();
      tip.style.left = Math.max(4, window.scrollX + r.left) + "px";
      tip.style.top = (window.scrollY + r.bottom + 6) + "px";
    }
    function hide() { tip.hidden = true; }
    el.addEventListener("mouseenter", show);
    el.addEventListener("focus", show);
    el.addEventListener("mouseleave", hide);
    el.addEventListener("blur", hide);
  });
})();

function readData(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : null;
}

(function activityChart() {
  const data = readData("activity-data");
  const canvas = document.getElementById("activity-chart");
  if (!data || !canvas || typeof Chart === "undefined") return;
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: "mentions", data: data.counts, backgroundColor: "#1f5fbf" }] },
    options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } },
               scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();

(function timelineChart() {
  const items = readData("timeline-data");
  const canvas = document.getElementById("timeline-chart");
  if (!items || !canvas || typeof Chart === "undefined") return;
  const DAY = 86400000;
  const dated = items.filter(function (i) { return i.earliest; });
  if (!dated.length) return;
  const colours = { quote: "#7a93b5", event: "#d9822b" };
  const rows = dated.map(function (i, n) {
    const what = (i.who ? i.who + ": " : "") + (i.what || i.kind);
    return (n + 1) + ". " + (what.length > 48 ? what.slice(0, 47) + "…" : what);
  });
  // an item is drawn from the start of its earliest day to the end of its latest day
  const bars = dated.map(function (i, n) {
    const a = Date.parse(i.earliest.slice(0, 10));
    const b = Date.parse((i.latest || i.earliest).slice(0, 10)) + DAY;
    return { x: [a, b], y: rows[n] };
  });
  const lo = Math.min.apply(null, bars.map(function (b) { return b.x[0]; }));
  const hi = Math.max.apply(null, bars.map(function (b) { return b.x[1]; }));
  const pad = Math.max(7 * DAY, (hi - lo) * 0.03);
  canvas.parentElement.style.height = Math.max(160, 60 + 22 * dated.length) + "px";
  const iso = function (v) { return new Date(v).toISOString().slice(0, 10); };
  new Chart(canvas, {
    type: "bar",
    data: { labels: rows, datasets: [{ label: "when", data: bars, minBarLength: 3, barPercentage: 0.7,
      backgroundColor: dated.map(function (i) { return colours[i.kind] || "#5a9e6f"; }) }] },
    options: {
      indexAxis: "y", maintainAspectRatio: false, animation: false, parsing: { xAxisKey: "x", yAxisKey: "y" },
      plugins: { legend: { display: false }, tooltip: { callbacks: {
        label: function (ctx) { const i = dated[ctx.dataIndex]; return i.date + " (" + i.kind + ")"; } } } },
      scales: {
        x: { type: "linear", beginAtZero: false, min: lo - pad, max: hi + pad,
             ticks: { callback: iso, maxTicksLimit: 8 } },
        y: { ticks: { autoSkip: false, font: { size: 11 } } }
      },
      onClick: function (evt, els) {
        if (!els.length) return;
        const i = dated[els[0].index];
        if (i.article_id) window.location.href = "/articles/" + encodeURIComponent(i.article_id);
      }
    }
  });
})();
