// The plain-JavaScript floor of the benchmark (bench/run.mjs): fetch the dataset, draw the app's default line
// chart (clean_strong_orgs_pct and weak_orgs_pct for unit 40) with the same ECharts build, and mark
// `chiso:first-chart` / `chiso:chart-updated` on ECharts' first `finished` event after each setOption, exactly
// as the app does (src/components/echart.rs).
//
// Query parameters: data=<url> (default ../nghe-an.json), ind=a~b (indicators), unit=<id> (default 40),
// anim=0 (no animation), w=<px> (chart width, to match the app's).
// Hook for the harness: window.__bench = { ready: Promise, indicators(): string[], change(i | id) }.
'use strict';
(function () {
  const params = new URLSearchParams(location.search);
  const dataUrl = params.get('data') || '../nghe-an.json';
  const unit = params.get('unit') || '40';
  let indicators = (params.get('ind') || 'clean_strong_orgs_pct~weak_orgs_pct').split('~').filter(Boolean);
  const animate = params.get('anim') !== '0';
  const width = params.get('w');

  // ECharts (echarts/core.js) is a module script: it runs after the document is parsed, just before
  // DOMContentLoaded, so readyState may already be 'interactive' without `echarts` defined yet. This script runs
  // while the page is parsed, so the listener is always in time.
  const domReady = new Promise((r) => addEventListener('DOMContentLoaded', r, { once: true }));

  // Start the download before ECharts is even parsed.
  const data = fetch(dataUrl).then((r) => {
    if (!r.ok) throw new Error(`HTTP ${r.status} for ${dataUrl}`);
    return r.json();
  });

  const PALETTE = ['#2c6fbb', '#c0392b', '#2e8b57', '#b8860b', '#7b4fa0', '#d35400', '#16a085', '#8e44ad', '#5d6d7e', '#a93226'];
  const nf = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
  let ds, byKey, indicatorById, sourceById, unitById, chart;
  let pending = false;
  let firstMarked = false;

  // Fractional-year position of a period ("2013", "2013-12", "2020-03-27", "2020-H1", "2016-01..2018-06").
  function bounds(p) {
    const h = /^(\d{4})-H([12])$/.exec(p);
    if (h) {
      const y = +h[1];
      return h[2] === '1' ? [Date.UTC(y, 0, 1), Date.UTC(y, 5, 30)] : [Date.UTC(y, 6, 1), Date.UTC(y, 11, 31)];
    }
    const [y, m, d] = p.split('-').map(Number);
    if (d) return [Date.UTC(y, m - 1, d), Date.UTC(y, m - 1, d)];
    if (m) return [Date.UTC(y, m - 1, 1), Date.UTC(y, m, 0)];
    return [Date.UTC(y, 0, 1), Date.UTC(y, 11, 31)];
  }
  function frac(t) {
    const y = new Date(t).getUTCFullYear();
    const start = Date.UTC(y, 0, 1);
    return y + (t - start) / (Date.UTC(y + 1, 0, 1) - start);
  }
  function position(p) {
    const range = p.split('..');
    if (range.length === 2) return frac(bounds(range[1])[1]) + 1 / 365;
    const [a, b] = bounds(p);
    return (frac(a) + frac(b) + 1 / 365) / 2;
  }
  function formatValue(v, measure) {
    return measure === 'percent' ? `${nf.format(v)}%` : nf.format(v);
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  }

  function index() {
    indicatorById = new Map(ds.indicators.map((i) => [i.id, i]));
    sourceById = new Map(ds.sources.map((s) => [s.id, s]));
    unitById = new Map(ds.units.map((u) => [u.id, u]));
    byKey = new Map();
    for (const o of ds.observations) {
      const k = `${o.indicator}\u0000${o.unit}`;
      let list = byKey.get(k);
      if (!list) byKey.set(k, (list = []));
      list.push(o);
    }
  }

  function option() {
    const inds = indicators.map((id) => indicatorById.get(id)).filter(Boolean);
    const measure = inds[0] ? inds[0].measure : 'count';
    const place = unitById.get(unit);
    const series = [];
    const tips = [];
    const labels = [];
    for (const ind of inds.filter((i) => i.measure === measure)) {
      const name = inds.length === 1 ? (place ? place.name : unit) : ind.name.vi;
      const figs = (byKey.get(`${ind.id}\u0000${unit}`) || [])
        .filter((o) => typeof o.value === 'number')
        .map((o) => ({ o, x: Math.round(position(o.period) * 1e4) / 1e4 }))
        .sort((a, b) => a.x - b.x || (a.o.id < b.o.id ? -1 : 1));
      if (!figs.length) continue;
      series.push({ name, figs });
    }
    let xmin = Infinity;
    let xmax = -Infinity;
    for (const s of series) for (const f of s.figs) (xmin = Math.min(xmin, f.x)), (xmax = Math.max(xmax, f.x));
    if (!isFinite(xmin)) (xmin = 2000), (xmax = 2025);
    xmin = Math.floor(xmin);
    xmax = Math.max(Math.ceil(xmax), xmin + 1);
    const out = series.map((s, i) => {
      const color = PALETTE[i % PALETTE.length];
      tips.push(s.figs.map(({ o }) => {
        const src = sourceById.get(o.source);
        return `<b>${esc(s.name)}</b><br>${esc(o.period)}: <b>${formatValue(o.value, measure)}</b>` +
          (src ? `<br>Nguồn: ${esc(src.title)}` : '');
      }));
      labels.push(s.figs.map(({ o }) => formatValue(o.value, measure)));
      return {
        type: 'line',
        name: s.name,
        symbol: 'circle',
        symbolSize: 9,
        lineStyle: { width: 2.5, color },
        itemStyle: { color },
        label: { show: true, position: 'top', color, formatter: (p) => labels[p.seriesIndex][p.dataIndex] },
        data: s.figs.map(({ o, x }) =>
          o.approximate || o.bound
            ? { value: [x, o.value], itemStyle: { color: '#ffffff', borderColor: color, borderWidth: 2, borderType: 'dashed' } }
            : { value: [x, o.value] },
        ),
      };
    });
    return {
      animation: animate,
      backgroundColor: 'transparent',
      tooltip: { trigger: 'item', confine: true, formatter: (p) => tips[p.seriesIndex][p.dataIndex] },
      grid: { left: 16, right: 40, top: 28, bottom: out.length > 1 ? 72 : 32, containLabel: true },
      xAxis: {
        type: 'value', min: xmin, max: xmax, minInterval: 1, splitLine: { show: false },
        axisLabel: { formatter: (v) => (Number.isInteger(v) ? String(v) : '') },
      },
      yAxis: { type: 'value', min: 0, axisLabel: { formatter: (v) => formatValue(v, measure) } },
      legend: out.length > 1 ? { bottom: 0, data: out.map((s) => s.name) } : undefined,
      series: out,
    };
  }

  function draw() {
    pending = true;
    chart.setOption(option(), true);
  }

  const ready = data.then(async (json) => {
    ds = json;
    index();
    await domReady;
    const el = document.getElementById('chart');
    if (width) el.style.width = `${width}px`;
    chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.on('finished', () => {
      if (!pending) return;
      pending = false;
      if (firstMarked) performance.mark('chiso:chart-updated');
      else {
        firstMarked = true;
        performance.mark('chiso:first-chart');
      }
    });
    draw();
  });
  ready.catch((e) => {
    document.body.insertAdjacentHTML('beforeend', `<p role="alert">${esc(e.message || e)}</p>`);
  });

  /** Numeric indicators with figures for the unit, in dataset order (what the harness cycles through). */
  function numericIndicators() {
    return ds.indicators
      .filter((i) => (i.measure === 'percent' || i.measure === 'count') && byKey.has(`${i.id}\u0000${unit}`))
      .map((i) => i.id);
  }

  window.__bench = {
    ready,
    indicators: numericIndicators,
    /** Switches to one indicator (an index into indicators() or an id) and redraws. */
    change(i) {
      const list = numericIndicators();
      indicators = [typeof i === 'number' ? list[i % list.length] : i];
      draw();
    },
  };
})();
