// The part of ECharts that no first chart needs, loaded on first use (`window.chisoEchartsExtra()`, defined by
// core-entry.js; the app awaits it before it draws a map or exports an image): the map series (which installs the
// geo coordinate system), titles (drawn only on exported images) and the SVG renderer (SVG download). It registers
// into the same ECharts core as core-entry.js (esbuild puts the shared code in a common chunk).
//
// Nothing else is registered: the app's options use no pie, scatter, visualMap (map colours are decided in
// crates/chiso-core/src/geo.rs), markLine/markPoint, dataZoom, toolbox, aria or universal transition. Add a part
// here (or in core-entry.js if the first chart needs it) when an option starts using it.
import { use } from 'echarts/core';
import { install as MapChart } from 'echarts/lib/chart/map/install.js';
import { install as TitleComponent } from 'echarts/lib/component/title/install.js';
import { install as SVGRenderer } from 'echarts/lib/renderer/installSVGRenderer.js';

use([MapChart, TitleComponent, SVGRenderer]);
