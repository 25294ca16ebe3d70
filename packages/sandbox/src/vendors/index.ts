import type { VendorModule } from '../engine.js';
import { echocomm } from './echocomm.js';
import { echocue } from './echocue.js';
import { echowin } from './echowin.js';
import { userecho } from './userecho.js';
import { withWebhooks } from '../webhooks/echocomm.js';

/** Behaviour the specs' x-sandbox data cannot express, one small module per vendor. */
export const vendorModules: Record<string, VendorModule> = { echocue, echocomm: withWebhooks(echocomm), echowin, userecho };
