import type { VendorModule } from '../engine.js';

export const echocomm: VendorModule = {};
