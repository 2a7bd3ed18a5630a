// Custom ECharts build for Chỉ số: only the charts, components and renderers the app uses.
// Bundled by `cargo xtask build` with esbuild as an IIFE exposing the global `echarts`
// (charming's WasmRenderer and the app's own bindings call `window.echarts`).
import * as echarts from 'echarts/core';
import { LineChart, BarChart, MapChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  TitleComponent,
  TooltipComponent,
  LegendComponent,
  GridComponent,
  VisualMapComponent,
  GeoComponent,
  MarkLineComponent,
  MarkPointComponent,
  DataZoomComponent,
  AriaComponent,
  ToolboxComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { LabelLayout, UniversalTransition } from 'echarts/features';

echarts.use([
  LineChart,
  BarChart,
  MapChart,
  PieChart,
  ScatterChart,
  TitleComponent,
  TooltipComponent,
  LegendComponent,
  GridComponent,
  VisualMapComponent,
  GeoComponent,
  MarkLineComponent,
  MarkPointComponent,
  DataZoomComponent,
  AriaComponent,
  ToolboxComponent,
  CanvasRenderer,
  SVGRenderer,
  LabelLayout,
  UniversalTransition,
]);

export * from 'echarts/core';
