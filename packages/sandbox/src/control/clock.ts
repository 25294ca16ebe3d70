// Bounds of the virtual clock. It is one per server (rate-limit windows, lifecycles and deliveries of every
// tenant follow it), so moving it is the admin's; it only moves forward, by a finite amount per call, and its
// total lead over real time stays far inside what a JavaScript Date can represent.
import type { VendorSandbox } from '../engine.js';

/** At most ten years per call. */
export const MAX_ADVANCE_SECONDS = 10 * 365.25 * 24 * 3600;
/** At most a thousand years ahead of real time in total (a Date reaches year 275760). */
export const MAX_OFFSET_MS = 1000 * 365.25 * 24 * 3600 * 1000;
const OFFSET_KEY = 'clockOffsetMs';

/** Why `seconds` cannot be added to the clock, or undefined. */
export function advanceProblem(sandbox: VendorSandbox, seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS)
    return `"advanceSeconds" must be a number from 0 to ${MAX_ADVANCE_SECONDS} (ten years; the clock only moves forward)`;
  if (storedOffset(sandbox) + seconds * 1000 > MAX_OFFSET_MS)
    return 'The clock is already as far ahead as it may go (1000 years): reset it with a new data dir';
  return undefined;
}

function storedOffset(sandbox: VendorSandbox): number {
  return Number(sandbox.store.meta(OFFSET_KEY) ?? 0);
}

/**
 * A stored clock offset that is not a finite number within bounds (written by an older sandbox, or by hand)
 * would make every answer a 500 for good: it is reported and reset to real time. Returns the report, if any.
 */
export function repairStoredClock(sandbox: VendorSandbox): string | undefined {
  const raw = sandbox.store.meta(OFFSET_KEY);
  if (raw === undefined) return undefined;
  const offset = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(offset) && offset >= 0 && offset <= MAX_OFFSET_MS) return undefined;
  sandbox.store.setMeta(OFFSET_KEY, '0');
  return `${sandbox.vendor.title} sandbox: the stored virtual clock offset ${JSON.stringify(raw.slice(0, 40))} ms is invalid; the clock is reset to real time`;
}
