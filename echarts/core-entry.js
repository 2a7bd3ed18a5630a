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

echarts.use([LineChart, BarChart, TooltipComponent, GridComponent, LegendPlainComponent, CanvasRenderer]);

// The global the app (src/interop/echarts.rs, charming) and the tests call: a plain, writable copy of the
// namespace (bench/run.mjs and tests wrap or replace it).
window.echarts = { ...echarts };

// The rest (map, export) on first use: `src/interop/echarts.rs` `ensure_extra` awaits this before the first map or
// image export. The path is relative to this module, so the bundle works from any folder. Once loaded it stays; a
// failed load may be tried again.
let extra = null;
window.chisoEchartsExtra = () => {
  if (!extra) {
    extra = import('./extra-entry.js').then(
      () => undefined,
      (e) => {
        extra = null;
        throw e;
      },
    );
  }
  return extra;
};
