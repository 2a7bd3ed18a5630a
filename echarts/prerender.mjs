// Draws the first chart at build time with ECharts' server-side SVG renderer, for the page shown before the wasm
// arrives (see xtask/src/prerender.rs). Input: a JSON job on stdin, written by the xtask from the core's screen
// model: the ECharts option (and its dark-page twin), the point labels, the axis tick texts (written by the core's formatters, looked up
// here: every number on the chart is formatted by the same Rust code as in the app) and the sizes to draw.
// Output on stdout: {"<name>": "<svg …>", …}.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { installFormatters } from './first-chart.js';

const require = createRequire(import.meta.url);
const echarts = require('echarts');

const job = JSON.parse(readFileSync(0, 'utf8'));
const out = {};
for (const size of job.sizes) {
  // On the dark page, value labels take the lighter colours (`ChartSpec::for_theme` in the core).
  const option = structuredClone(size.dark && job.option_dark ? job.option_dark : job.option);
  option.animation = false;
  installFormatters(option, job);
  const chart = echarts.init(null, size.dark ? 'dark' : null, {
    renderer: 'svg', ssr: true, width: size.width, height: size.height,
  });
  chart.setOption(option);
  out[size.name] = chart.renderToSVGString();
  chart.dispose();
}
process.stdout.write(JSON.stringify(out));
process.exit(0);
