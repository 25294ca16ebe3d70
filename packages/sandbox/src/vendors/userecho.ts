import type { VendorModule } from '../engine.js';

export const userecho: VendorModule = {};
