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

/**
 * Wakes the chart with this test id if it still shows the build-time picture the app keeps as its first chart
 * until the reader points at it (`.pr-adopted`, src/components/echart.rs), with a pointer over its top-left corner,
 * as a reader's would; true if it did (its ECharts instance comes a moment later).
 */
export function wakeChart(id) {
  const el = document.querySelector(`[data-testid="${id}"]`);
  if (!el?.classList.contains('pr-adopted')) return false;
  const box = el.getBoundingClientRect();
  el.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, clientX: box.left + 1, clientY: box.top + 1 }));
  return true;
}

/** Starts recording the page's long tasks (their durations in `window.__longTasks`). */
export function recordLongTasks() {
  window.__longTasks = [];
  new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => e.duration))).observe({
    type: 'longtask',
  });
}

/**
 * Where a point of the chart with this test id is on the page: `[x, y]` in CSS pixels of the viewport, for the
 * point `dataIndex` of the first series whose name contains `seriesName` (the middle of a bar).
 */
export function pointOnPage([id, seriesName, dataIndex]) {
  const el = document.querySelector(`[data-testid="${id}"]`);
  const chart = window.echarts.getInstanceByDom(el);
  const series = chart.getOption().series;
  const s = series.findIndex((x) => x.name.includes(seriesName));
  const d = series[s].data[dataIndex];
  let at = Array.isArray(d) ? d : Array.isArray(d?.value) ? d.value : null;
  if (!at) {
    // A bar of a category axis: the middle of the bar.
    const value = (typeof d === 'object' && d !== null ? d.value : d) / 2;
    const horizontal = [].concat(chart.getOption().yAxis)[0]?.type === 'category';
    at = horizontal ? [value, dataIndex] : [dataIndex, value];
  }
  const [x, y] = chart.convertToPixel({ seriesIndex: s }, at);
  const box = el.getBoundingClientRect();
  return [box.left + x, box.top + y];
}

/** Whether every ECharts instance on the page has finished animating (true at once with `anim=0`). */
export function chartsSettled() {
  const ec = window.echarts;
  if (!ec?.getInstanceByDom) return true;
  return [...document.querySelectorAll('[_echarts_instance_]')].every((el) => {
    const chart = ec.getInstanceByDom(el);
    if (!chart || chart.isDisposed?.()) return true;
    const zr = chart.getZr?.();
    return !zr?.animation?.isFinished || zr.animation.isFinished();
  });
}
