// Every EchoComm operation called by name against Prism, next to the same call in the path style: the two
// must send the same request (method, URL, headers, body) and get the same answer. The table below must
// name every operation (the mapped type makes a missing or unknown one a compile error), so a new operation
// in the spec is tested here as soon as it is generated. Misuse of the operation methods is a compile error
// (the @ts-expect-error lines fail the typecheck if they compile).
import type { OperationInit } from '@echo-openapi/runtime';
import { describeOperationsByName, recordingFetch } from '@echo-openapi/mock/vitest-operations';
import { describe, expect, expectTypeOf, inject, it } from 'vitest';
import { createEchoCommClient, echoCommVendor, type OperationMethods, type operations } from '../src/index.js';

const baseUrl = inject('mockUrl');
const { sent, fetch: recordAndFetch } = recordingFetch();
const client = createEchoCommClient({
  ...{ apiKey: 'test-key' },
  baseUrl,
  fetch: recordAndFetch,
});

/** One valid call of every operation (the spec's examples for its required parameters and body). */
const examples = {
  searchNumbers: {},
  provisionNumbers: {
    body: {
      numbers: ['+14155551234', '+14155555678'],
      campaign_id: 'camp_2026_q1_google_ads',
      webhook_url: 'https://your-crm.com/webhooks/echocomm',
      auto_renew: true,
      tags: ['google_ads', 'san_francisco', 'q1_2026'],
    },
  },
  configureSmsWebhook: {
    body: {
      url: 'https://your-crm.com/api/inbound-sms',
      method: 'POST',
      events: ['sms.received', 'sms.delivery_report'],
      headers: { 'X-Webhook-Secret': 'whsk_your_secret_key' },
      retry_policy: { max_retries: 3, backoff_seconds: 30 },
    },
  },
} satisfies { [Id in keyof OperationMethods]: OperationInit<operations[Id]> };

describeOperationsByName(client, echoCommVendor.operations, examples, sent);

describe('misuse is a compile error (checked by tsc over this file; the calls never run)', () => {
  it('unknown operations, missing or mistyped body fields, a body where none is taken, option typos', () => {
    const misuse = () => {
      // @ts-expect-error no such operation
      void client.searchNumber();
      // @ts-expect-error provisionNumbers needs its body
      void client.provisionNumbers();
      // @ts-expect-error numbers is an array of strings
      void client.provisionNumbers({ body: { numbers: '+14155551234' } });
      // @ts-expect-error searchNumbers takes no body
      void client.searchNumbers({ body: {} });
      // @ts-expect-error country is not a number
      void client.searchNumbers({ query: { country: 1 } });
      // @ts-expect-error a per-call option typo (throwOnError)
      void client.searchNumbers({ throwOnErrors: true });
    };
    expect(misuse).toBeTypeOf('function');
  });

  it('answers are the spec’s types', async () => {
    const { data } = await client.searchNumbers();
    const byPath = await client.GET('/numbers/search');
    expectTypeOf(data).toEqualTypeOf(byPath.data);
    expect(data).toEqual(byPath.data);
    expect(data).toBeDefined();
  });
});
