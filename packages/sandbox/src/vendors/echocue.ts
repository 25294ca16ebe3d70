import type { VendorModule } from '../engine.js';

export const echocue: VendorModule = {};
