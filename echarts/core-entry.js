// ECharts for the first chart of Chỉ số: what the line, ranking and rating views draw on a canvas, nothing more.
// Bundled by `cargo xtask build` with esbuild as an ES module (`dist/echarts/core.js` and the chunks it imports,
// which index.html preloads), code-split against `extra-entry.js` so that both share one ECharts core and one
// registry. index.html runs it as a module script before Trunk's, so `window.echarts` exists before the wasm starts.
//
// The imports name each part's own module (`echarts/lib/.../install.js`), not the `echarts/charts` or
// `echarts/components` barrels: a barrel imported by both entries would pull every chart into the shared chunk.
// What the options use (crates/chiso-core/src/charts.rs): line and bar series, tooltip (trigger item), grid with
// value/category axes, a plain legend. Label layout comes with `echarts/core`; the `dark` theme and decals are core.
import * as echarts from 'echarts/core';
import { install as LineChart } from 'echarts/lib/chart/line/install.js';
import { install as BarChart } from 'echarts/lib/chart/bar/install.js';
import { install as TooltipComponent } from 'echarts/lib/component/tooltip/install.js';
import { install as GridComponent } from 'echarts/lib/component/grid/install.js';
import { install as LegendPlainComponent } from 'echarts/lib/component/legend/installLegendPlain.js';
import { install as CanvasRenderer } from 'echarts/lib/renderer/installCanvasRenderer.js';
import { liveFirstChart } from './first-chart.js';

echarts.use([LineChart, BarChart, TooltipComponent, GridComponent, LegendPlainComponent, CanvasRenderer]);

// The global the app (src/interop/echarts.rs, charming) and the tests call: a plain, writable copy of the
// namespace (bench/run.mjs and tests wrap or replace it).
window.echarts = { ...echarts };

// The default view's chart, drawn at build time as a picture, becomes live at once (echarts/first-chart.js): the
// reader can read its tooltips before the app arrives, and an article embed needs nothing more.
liveFirstChart(window.echarts);

// The rest (map, export) on first use: `src/interop/echarts.rs` `ensure_extra` awaits this before the first map or
// image export. The path is relative to this module, so the bundle works from any folder. Once loaded it stays; a
// failed load is tried again on the next call. Chromium keeps a failed module fetch in its module map (importing
// the same URL again rejects at once, without a request), so a retry imports `extra.js?retry=N`: a new URL, the
// same file (its shared chunk is the one already loaded, so it registers into the same ECharts core).
let extra = null;
let failures = 0;
window.chisoEchartsExtra = () => {
  if (!extra) {
    const load = failures === 0 ? import('./extra-entry.js') : import(retryUrl(failures));
    extra = load.then(
      () => undefined,
      (e) => {
        extra = null;
        failures += 1;
        throw e;
      },
    );
  }
  return extra;
};
/** The address of the built `extra.js` (esbuild's output for `extra-entry.js`, beside this module) for a retry. */
function retryUrl(n) {
  return new URL(`./extra.js?retry=${n}`, import.meta.url).href;
}
