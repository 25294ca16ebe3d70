// Every EchoCue operation called by name against Prism, next to the same call in the path style: the two
// must send the same request (method, URL, headers, body) and get the same answer. The table below must
// name every operation (the mapped type makes a missing or unknown one a compile error), so a new operation
// in the spec is tested here as soon as it is generated. Misuse of the operation methods is a compile error
// (the @ts-expect-error lines fail the typecheck if they compile).
import type { OperationInit } from '@echo-openapi/runtime';
import { describeOperationsByName, recordingFetch } from '@echo-openapi/mock/vitest-operations';
import { describe, expect, expectTypeOf, inject, it } from 'vitest';
import { createEchoCueClient, echoCueVendor, paginate, type components, type OperationMethods, type operations } from '../src/index.js';

const baseUrl = inject('mockUrl');
const { sent, fetch: recordAndFetch } = recordingFetch();
const client = createEchoCueClient({
  ...{ apiKey: 'test-key', apiSecret: 'test-secret' },
  baseUrl,
  fetch: recordAndFetch,
});

/** One valid call of every operation (the spec's examples for its required parameters and body). */
const examples = {
  listDevices: {},
  exportDevices: {},
  getDevice: { path: { device_id: 123 } },
  getDeviceHealth: { path: { device_id: 123 } },
  getDeviceStats: { path: { device_id: 123 } },
  getDeviceUsage: { path: { device_id: 123 } },
  getDeviceRateLimit: { path: { device_id: 123 } },
  registerDevicesBatch: { body: { devices: [{ name: 'Sales Phone 1' }, { name: 'Sales Phone 2' }] } },
  deleteDevicesBatch: { body: { device_ids: [123, 124] } },
  updateDevicesStatusBatch: { body: { device_ids: [123, 124], status: 'inactive' } },
  listProjects: {},
  listContacts: {},
  getContact: { path: { contact_id: 456 } },
  listContactTypes: {},
  searchContacts: { body: { query: 'Jane' } },
  createContact: { body: { name: 'Jane Doe', phone: '+14155551234', email: 'jane@example.com' } },
  updateContact: { body: { contact_id: 456, name: 'Jane Smith' } },
  deleteContact: { body: { contact_id: 456 } },
  listTemplates: {},
  getTemplate: { path: { template_id: 74 } },
  getNotificationTemplates: { body: { page: 1, limit: 10 } },
  listNotifications: {},
  getNotification: { path: { notification_id: 12345 } },
  cancelNotification: { body: { notification_id: 12345 } },
  listThreads: {},
  listThreadMessages: { path: { thread_id: 789 } },
  sendSms: { body: { recipient_contact: '+14155551234', message: 'Hello from EchoCue!' } },
  sendBulkSms: {
    body: {
      messages: [
        { recipient_contact: '+14155551234', message: 'Hello from EchoCue!' },
        { recipient_contact: '+14155555678', message: 'Hello again from EchoCue!' },
      ],
    },
  },
  sendWhatsApp: { body: { recipient_contact: '+14155551234', message: 'Hello via WhatsApp!' } },
  getNotificationStats: {},
  getCreditStats: {},
} satisfies { [Id in keyof OperationMethods]: OperationInit<operations[Id]> };

describeOperationsByName(client, echoCueVendor.operations, examples, sent);

describe('misuse is a compile error (checked by tsc over this file; the calls never run)', () => {
  it('unknown operations, missing or mistyped parameters and body fields, a body where none is taken, option typos', () => {
    const misuse = () => {
      // @ts-expect-error no such operation (operationIds are case-sensitive: sendSms)
      void client.sendSMS({ body: { recipient_contact: '+14155551234', message: 'Hi' } });
      // @ts-expect-error getDevice needs its path parameter
      void client.getDevice();
      // @ts-expect-error device_id is missing
      void client.getDevice({ path: {} });
      // @ts-expect-error device_id is an integer
      void client.getDevice({ path: { device_id: 'abc' } });
      // @ts-expect-error a text SMS needs recipient_contact
      void client.sendSms({ body: { message: 'Hi' } });
      // @ts-expect-error listDevices takes no body
      void client.listDevices({ body: { page: 1 } });
      // @ts-expect-error the path style's nesting is not the operation style's: `path`, not `params.path`
      void client.getDevice({ params: { path: { device_id: 7 } } });
      // @ts-expect-error a per-call option typo (timeoutMs)
      void client.listDevices({ timeoutMS: 5_000 });
      // @ts-expect-error getDevice is not a paginated list
      void paginate(client.getDevice);
    };
    expect(misuse).toBeTypeOf('function');
  });

  it('answers are the spec’s types, and paginate() takes the method', async () => {
    const { data } = await client.getDevice({ path: { device_id: 123 } });
    const byPath = await client.GET('/api/device/{device_id}', { params: { path: { device_id: 123 } } });
    expectTypeOf(data).toEqualTypeOf(byPath.data);
    expect(data).toEqual(byPath.data);
    for await (const device of paginate(client.listDevices, { query: { status: 'active' } }, { pageSize: 10, maxItems: 1 })) {
      expectTypeOf(device).toEqualTypeOf<components['schemas']['Device']>();
      expect(typeof device.device_id).toBe('number');
    }
  });
});
