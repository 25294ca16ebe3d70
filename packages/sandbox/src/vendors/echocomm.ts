import type { OperationContext, VendorModule } from '../engine.js';
import { formatTime } from '../records.js';

type Json = Record<string, any>;

/**
 * A deterministic inventory: every area code has the same 50 line numbers (the two the page's examples
 * provision, +1AAA5551234 and +1AAA5555678, first), every third one SMS-only. The page shows prices for
 * one number only; every number here costs what it shows.
 */
const SUFFIXES = ['1234', '5678', ...Array.from({ length: 48 }, (_, i) => String(2000 + i * 137).padStart(4, '0'))];
/** Regions for the area codes the page and common tests use; others report the country. */
const REGIONS: Record<string, string> = { '415': 'California', '212': 'New York', '312': 'Illinois', '512': 'Texas', '206': 'Washington' };
/** Without `area_code`, the inventory of the page's example area code. */
const DEFAULT_AREA_CODE = '415';

interface InventoryNumber {
  number: string;
  area_code: string;
  region: string;
  capabilities: string[];
  monthly_cost: string;
  setup_fee: string;
}

function inventory(areaCode: string): InventoryNumber[] {
  return SUFFIXES.map((suffix, index) => ({
    number: `+1${areaCode}555${suffix}`,
    area_code: areaCode,
    region: REGIONS[areaCode] ?? 'United States',
    capabilities: index % 3 === 2 ? ['sms'] : ['sms', 'voice'],
    monthly_cost: '1.50',
    setup_fee: '0.00',
  }));
}

/** The inventory entry of a number (US numbers: +1, a 3-digit area code, 7 digits), if it is one. */
function inventoryEntry(number: string): InventoryNumber | undefined {
  const match = /^\+1(\d{3})\d{7}$/.exec(number);
  return match ? inventory(match[1]!).find((entry) => entry.number === number) : undefined;
}

function provisioned(ctx: OperationContext, number: string): boolean {
  return ctx.records.get('numbers', number) !== undefined;
}

export const echocomm: VendorModule = {
  operations: {
    // A configured webhook is live at once (the page shows only `active`).
    configureSmsWebhook: (_ctx, next) => next({ prepare: (webhook) => ({ ...webhook, status: 'active' }) }),
    searchNumbers(ctx) {
      const areaCode = ctx.query.get('area_code') ?? DEFAULT_AREA_CODE;
      const wanted = ctx.query.getAll('capabilities');
      const region = ctx.query.get('region');
      // One query for the tenant's numbers, not one per inventory entry.
      const taken = new Set(ctx.records.entries('numbers').map((entry) => entry.id));
      const available = /^\d{3}$/.test(areaCode)
        ? inventory(areaCode).filter(
            (n) =>
              !taken.has(n.number) && wanted.every((c) => n.capabilities.includes(c)) && (!region || n.region.toLowerCase() === region.toLowerCase()),
          )
        : [];
      const limit = Number(ctx.query.get('limit') ?? 10);
      return ctx.ok({ status: 'success', data: { available_numbers: available.slice(0, limit), total_available: available.length } });
    },
    provisionNumbers(ctx) {
      const numbers = [...new Set(ctx.body.numbers as string[])];
      const unavailable = numbers.find((number) => !inventoryEntry(number) || provisioned(ctx, number));
      if (unavailable) return ctx.error(422, `Number ${unavailable} is not available`);
      const example = ctx.example().data.numbers[0] as Json;
      const created = numbers.map((number) => {
        const record = {
          number,
          sid: ctx.records.newId('numbers', example.sid),
          status: 'active',
          ...(ctx.body.campaign_id === undefined ? {} : { campaign_id: ctx.body.campaign_id }),
          provisioned_at: formatTime(ctx.now(), example.provisioned_at),
          _tags: ctx.body.tags ?? [],
          _webhook_url: ctx.body.webhook_url,
          _auto_renew: ctx.body.auto_renew ?? false,
        };
        ctx.records.insert('numbers', number, record);
        return Object.fromEntries(Object.entries(record).filter(([key]) => !key.startsWith('_')));
      });
      return ctx.ok({ status: 'success', data: { provisioned: created.length, numbers: created } });
    },
  },
};
