// The default view's chart made live before the wasm arrives: `cargo xtask prerender` (xtask/src/prerender.rs)
// writes into index.html the chart drawn as SVG and, in `<script type="application/json" id="pr-chart">`, the same
// ECharts option with every text the chart shows (point labels, tooltips, axis ticks), all written by the core's
// Rust code (charming builds the option). Once ECharts has loaded (`core-entry.js` calls `liveFirstChart`), the
// SVG gives way to a live ECharts chart of the same option at the same size (in the full explorer at the reader's
// first pointer over it): tooltips, hover and the legend work before the app has downloaded, and inside an article
// embed (`pr-static`, see the boot script) the app is never downloaded at all. The app disposes of this chart when it takes the page over (`window.chisoFirstChart`).
//
// `installFormatters` is shared with `prerender.mjs` (the build-time SVG): one reading of the job's texts.

/** A tick's key: the value with six decimals, as the xtask writes the keys (`{:.6}` in Rust). */
const key = (v) => Number(v).toFixed(6);

/**
 * Installs into `option` (in place) the formatter functions that look up the texts the core wrote: point labels
 * (`job.labels[series][point]`), tooltips (`job.tips`, when given) and axis ticks (`job.x_ticks`, `job.y_ticks`).
 */
export function installFormatters(option, job) {
  const lookup = (table) => (p) => {
    const one = (q) => table?.[q.seriesIndex]?.[q.dataIndex] ?? '';
    return Array.isArray(p) ? p.map(one).join('<br>') : one(p);
  };
  for (const s of option.series ?? []) {
    if (s.label && typeof s.label === 'object') s.label.formatter = lookup(job.labels);
  }
  if (job.tips) {
    option.tooltip = { ...(option.tooltip ?? {}), formatter: lookup(job.tips) };
  }
  for (const [axis, table] of [['xAxis', job.x_ticks], ['yAxis', job.y_ticks]]) {
    if (!table) continue;
    const list = Array.isArray(option[axis]) ? option[axis] : [option[axis]];
    for (const a of list.filter(Boolean)) {
      a.axisLabel = { ...(a.axisLabel ?? {}), formatter: (v) => table[key(v)] ?? '' };
    }
  }
  return option;
}

/**
 * Makes the prerendered chart in the page's `#prerender` block live with `echarts`, when the page shows the default
 * view drawn at build time and the app has not taken over yet; does nothing otherwise (another view, the
 * single-file app, no job). In an article embed of the default view (`pr-static`: no app comes) it is drawn at once,
 * in a few short tasks; in the full explorer, where the app follows, at the reader's first pointer over the picture (the event is
 * replayed on the live chart, so its tooltip answers that very touch), which spares the app's start-up one long
 * task for readers who never point at it. Marks `chiso:first-chart-interactive` when the chart answers the reader
 * from then on.
 */
export function liveFirstChart(echarts) {
  const cls = document.documentElement.classList;
  const data = document.getElementById('pr-chart');
  const box = document.querySelector('#prerender .pr-chart');
  if (!data || !box || !cls.contains('pr-on') || cls.contains('pr-other') || window.chisoFirstChart) return;
  let job;
  try {
    job = JSON.parse(data.textContent);
  } catch {
    return;
  }
  if (cls.contains('pr-static')) {
    // ECharts' first drawing is the longest piece of work of an embed's start: it comes in tasks of its own after
    // the one that evaluated ECharts (the instance, then the option, then the drawing in the next frame), none
    // long enough to keep a phone from answering a tap. The picture stays until the live chart is drawn.
    const drawn = () => {
      // A static embed is complete now: tell tests and host pages (`data-ready`, as the app's own page does).
      document.querySelector('#prerender main')?.setAttribute('data-ready', 'true');
      performance.mark?.('chiso:first-chart-interactive');
      whenIdle(() => checkEdition(job.dataset));
    };
    nextTask(() => {
      if (cls.contains('pr-on') && !window.chisoFirstChart) goLive(echarts, box, job, drawn);
    });
    return;
  }
  const kinds = ['pointerover', 'pointerdown'];
  const wake = (ev) => {
    kinds.forEach((k) => box.removeEventListener(k, wake));
    if (!cls.contains('pr-on') || !goLive(echarts, box, job)) return;
    const at = { clientX: ev.clientX, clientY: ev.clientY, bubbles: true };
    box.querySelector('.pr-live')?.dispatchEvent(new MouseEvent('mousemove', at));
  };
  kinds.forEach((k) => box.addEventListener(k, wake));
  window.chisoFirstChart = { dispose: () => kinds.forEach((k) => box.removeEventListener(k, wake)) };
  performance.mark?.('chiso:first-chart-interactive');
}

/**
 * Draws the job's chart live over the picture in `box`; false (the picture stays) when ECharts fails. At once
 * (a reader's pointer waits for it), or, given `staged`, in three short tasks, `staged` called when the live chart
 * has replaced the picture.
 */
function goLive(echarts, box, job, staged) {
  const cls = document.documentElement.classList;
  const el = document.createElement('div');
  el.className = 'pr-live';
  el.dataset.testid = job.test_id || 'chart-line';
  box.appendChild(el);
  const dark = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  let chart = null;
  const failed = (e) => {
    // The SVG stays: a picture of the same chart.
    if (chart) chart.dispose();
    chart = null;
    el.remove();
    console.error('chiso: the first chart could not be drawn live', e);
  };
  const draw = (later) => {
    if (chart) chart.dispose();
    const isDark = !!(dark && dark.matches);
    chart = echarts.init(el, isDark ? 'dark' : null, { renderer: 'canvas' });
    const option = JSON.parse(JSON.stringify(isDark && job.option_dark ? job.option_dark : job.option));
    // The picture is already on screen: nothing grows in.
    option.animation = false;
    if (!later) return chart.setOption(installFormatters(option, job));
    const mine = chart;
    nextTask(() => {
      if (chart !== mine) return;
      try {
        // The option is read now; ECharts draws it in its next frame, and the live chart shows in that frame.
        mine.setOption(installFormatters(option, job), { lazyUpdate: true });
        requestAnimationFrame(() => {
          if (chart !== mine) return;
          cls.add('pr-live');
          later();
        });
      } catch (e) {
        failed(e);
      }
    });
  };
  try {
    draw(staged);
  } catch (e) {
    failed(e);
    return false;
  }
  if (!staged) cls.add('pr-live');
  const onTheme = () => draw();
  if (dark?.addEventListener) dark.addEventListener('change', onTheme);
  const resize = window.ResizeObserver ? new ResizeObserver(() => chart && chart.resize()) : null;
  resize?.observe(box);
  window.chisoFirstChart = {
    /** Frees the chart and its listeners (the app calls it as it takes the page over). */
    dispose() {
      resize?.disconnect();
      if (dark?.removeEventListener) dark.removeEventListener('change', onTheme);
      if (chart) chart.dispose();
      chart = null;
      el.remove();
      cls.remove('pr-live');
    },
  };
  return true;
}

/** Runs `fn` in a task of its own, soon (`scheduler.postTask` where the browser has it: no timer clamping). */
function nextTask(fn) {
  if (window.scheduler?.postTask) window.scheduler.postTask(fn).catch(() => {});
  else setTimeout(fn, 0);
}

/**
 * The 32-bit FNV-1a hash of bytes, as the build computes it (`fnv1a` in xtask/src/prerender.rs), 64 KB per task,
 * so hashing the dataset never blocks a tap on a phone.
 */
export function fnv1a(bytes) {
  return new Promise((resolve) => {
    let h = 0x811c9dc5;
    let at = 0;
    const step = () => {
      const end = Math.min(at + 65536, bytes.length);
      for (; at < end; at++) h = Math.imul(h ^ bytes[at], 0x01000193);
      if (at < bytes.length) nextTask(step);
      else resolve(h >>> 0);
    };
    step();
  });
}

function whenIdle(fn) {
  if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 3000 });
  else setTimeout(fn, 1000);
}

/**
 * A static embed shows the figures of the build. The Party Organisation Board publishes by replacing the dataset
 * file on the server (HOW-TO.md), so once the chart is live the dataset is fetched (revalidated, never a stale
 * copy) and hashed: when it is not the build's, the app is started (`window.chisoStartApp`, the boot script) and
 * draws the new figures. Offline or on an error, the build's figures stay.
 */
function checkEdition(dataset) {
  if (!dataset?.url || typeof dataset.fnv !== 'number' || !window.fetch) return;
  fetch(new URL(dataset.url, document.baseURI), { cache: 'no-cache' })
    .then((r) => (r.ok ? r.arrayBuffer() : null))
    .then((buf) => (buf === null ? dataset.fnv : fnv1a(new Uint8Array(buf))))
    .then((hash) => {
      const same = hash === dataset.fnv;
      document.documentElement.dataset.edition = same ? 'build' : 'newer';
      if (!same) window.chisoStartApp?.();
    })
    .catch(() => {});
}
