// The main flows in Firefox ESR (headless, through geckodriver): see flows.mjs.

import { engineFlows } from './flows.mjs';

engineFlows('firefox');
