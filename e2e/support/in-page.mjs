// Functions that run inside the page, shared by the Chromium harness (playwright's `page.evaluate`) and the
// Firefox/WebKit one (selenium's `driver.executeScript`): both send a function's source to the page.

/** Series of the chart with this test id, as ECharts holds them: names and y values (null if no chart). */
export function seriesOf(id) {
  const el = document.querySelector(`[data-testid="${id}"]`);
  const chart = el && window.echarts.getInstanceByDom(el);
  if (!chart) return null;
  return chart.getOption().series.map((s) => ({
    name: s.name,
    values: s.data.map((d) => (Array.isArray(d) ? d[1] : Array.isArray(d.value) ? d.value[1] : d.value ?? d)),
  }));
}

/** Starts recording the page's long tasks (their durations in `window.__longTasks`). */
export function recordLongTasks() {
  window.__longTasks = [];
  new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => e.duration))).observe({
    type: 'longtask',
  });
}
