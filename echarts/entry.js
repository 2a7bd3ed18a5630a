// The whole custom ECharts in one file, for the single-file app (`cargo xtask single`, opened from file://, where a
// module cannot import another file): both parts of the split build, bundled by esbuild as an IIFE defining the
// global `echarts`. `window.chisoEchartsExtra()` then resolves at once (the extra part is already registered).
import './core-entry.js';
import './extra-entry.js';

export * from 'echarts/core';
