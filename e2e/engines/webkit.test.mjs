// The main flows in WebKitGTK (MiniBrowser through WebKitWebDriver under xvfb-run): see flows.mjs.

import { engineFlows } from './flows.mjs';

engineFlows('webkit');
