// The EchoCue client against Prism serving specs/echocue: one test per operation, asserting the typed
// fields of what comes back, then authentication failures and requests that break the spec.
import { EchoClientConfigError } from '@echo-openapi/runtime';
import { describe, expect, inject, it } from 'vitest';
import { createEchoCueClient, echoCueVendor } from '../src/index.js';

const baseUrl = inject('mockUrl');
const client = createEchoCueClient({ apiKey: 'test-key', apiSecret: 'test-secret', baseUrl });

describe('devices', () => {
  it('listDevices', async () => {
    const { data, response } = await client.GET('/api/device/list', { params: { query: { page: 1, limit: 20, status: 'active' } } });
    expect(response.status).toBe(200);
    expect(data?.data.pagination).toEqual({ page: 1, limit: 20, total: 45 });
    expect(data?.data.devices[0]?.device_id).toBe(123);
  });
  it('exportDevices (json and csv)', async () => {
    const json = await client.GET('/api/device/export', { params: { query: { format: 'json', include_inactive: true } } });
    expect(json.response.headers.get('content-type')).toContain('application/json');
    const csv = await client.GET('/api/device/export', {
      params: { query: { format: 'csv' } },
      headers: { Accept: 'text/csv' },
      parseAs: 'text',
    });
    expect(csv.response.headers.get('content-type')).toContain('text/csv');
    expect(csv.data).toMatch(/device_id/);
  });
  it('getDevice', async () => {
    const { data } = await client.GET('/api/device/{device_id}', { params: { path: { device_id: 123 } } });
    expect(data?.data).toMatchObject({ device_id: 123, name: 'My Device', status: 'active' });
  });
  it('getDeviceHealth', async () => {
    const { data } = await client.GET('/api/device/{device_id}/health', { params: { path: { device_id: 123 } } });
    expect(data?.data.health_score).toBe(95);
    expect(data?.data.last_sync).toBe('2024-01-15T10:30:00Z');
  });
  it('getDeviceStats', async () => {
    const { data } = await client.GET('/api/device/{device_id}/stats', { params: { path: { device_id: 123 } } });
    expect(data?.data).toEqual({ sent: 1250, failed: 15, pending: 5 });
  });
  it('getDeviceUsage', async () => {
    const { data } = await client.GET('/api/device/{device_id}/usage', { params: { path: { device_id: 123 } } });
    expect(data?.data.remaining).toBe(500);
  });
  it('getDeviceRateLimit', async () => {
    const { data } = await client.GET('/api/device/{device_id}/rate-limit', { params: { path: { device_id: 123 } } });
    expect(data?.data.requests_remaining).toBe(55);
  });
  it('registerDevicesBatch', async () => {
    const { data, response } = await client.POST('/api/device/batch/register', { body: { devices: [{ name: 'Sales Phone 1' }] } });
    expect(response.status).toBe(200);
    expect(data?.status_id).toBe(200);
  });
  it('deleteDevicesBatch', async () => {
    const { data } = await client.POST('/api/device/batch/delete', { body: { device_ids: [123, 124] } });
    expect(data?.status_id).toBe(200);
  });
  it('updateDevicesStatusBatch', async () => {
    const { data } = await client.POST('/api/device/batch/update-status', { body: { device_ids: [123], status: 'inactive' } });
    expect(data?.status_id).toBe(200);
  });
});

describe('projects', () => {
  it('listProjects', async () => {
    const { data } = await client.GET('/api/project/list');
    expect(data?.data.projects[0]).toEqual({ project_id: 1, name: 'My Workspace', created_at: '2024-01-01T00:00:00Z' });
  });
});

describe('contacts', () => {
  it('listContacts', async () => {
    const { data } = await client.GET('/api/contact/list', { params: { query: { page: 1, limit: 20 } } });
    expect(data?.data.contacts?.[0]?.phone).toBe('+14155551234');
    expect(data?.data.pagination?.page).toBe(1);
  });
  it('getContact', async () => {
    const { data } = await client.GET('/api/contact/{contact_id}', { params: { path: { contact_id: 456 } } });
    expect(data?.data.contact_id).toBe(456);
  });
  it('listContactTypes', async () => {
    const { data } = await client.GET('/api/contact/types');
    expect(data?.status_id).toBe(200);
  });
  it('searchContacts', async () => {
    const { data } = await client.POST('/api/contact/search', { body: { query: 'Jane' } });
    expect(data?.status_id).toBe(200);
  });
  it('createContact', async () => {
    const { data } = await client.POST('/api/contact/create', { body: { name: 'Jane Doe', phone: '+14155551234', email: 'jane@example.com' } });
    expect(data?.status_id).toBe(200);
  });
  it('updateContact', async () => {
    const { data } = await client.POST('/api/contact/update', { body: { contact_id: 456, name: 'Jane Smith' } });
    expect(data?.status_id).toBe(200);
  });
  it('deleteContact', async () => {
    const { data } = await client.POST('/api/contact/delete', { body: { contact_id: 456 } });
    expect(data?.status_id).toBe(200);
  });
});

describe('templates', () => {
  it('listTemplates', async () => {
    const { data } = await client.GET('/api/template/list', { params: { query: { channel: 'sms' } } });
    expect(data?.data.templates?.[0]?.body).toContain('{{first_name}}');
  });
  it('getTemplate', async () => {
    const { data } = await client.GET('/api/template/{template_id}', { params: { path: { template_id: 74 } } });
    expect(data?.data.template_id).toBe(74);
    expect(data?.data.channel).toBe('sms');
  });
  it('getNotificationTemplates (POST with paging in the body)', async () => {
    const { data } = await client.POST('/notification/template/api/get', { body: { page: 1, limit: 10 } });
    expect(data?.message).toBe('Successfully fetched template(s)');
    expect(data?.data[0]).toMatchObject({ template_id: 74, code: 'WELCOME_MSG', is_system: 0, created_at: '2024-01-15 10:30:00' });
  });
});

describe('notifications and threads', () => {
  it('listNotifications', async () => {
    const { data } = await client.GET('/api/notification/list', { params: { query: { status: 'delivered', delivery_type: 'sms' } } });
    expect(data?.status_id).toBe(200);
  });
  it('getNotification', async () => {
    const { data } = await client.GET('/api/notification/{notification_id}', { params: { path: { notification_id: 12345 } } });
    expect(data?.data.notification_id).toBe(12345);
  });
  it('cancelNotification', async () => {
    const { data } = await client.POST('/api/notification/cancel', { body: { notification_id: 12345 } });
    expect(data?.status_id).toBe(200);
  });
  it('listThreads', async () => {
    const { data } = await client.GET('/api/thread/list');
    expect(data?.status_id).toBe(200);
  });
  it('listThreadMessages', async () => {
    const { data } = await client.GET('/api/thread/{thread_id}/messages', { params: { path: { thread_id: 789 } } });
    expect(data?.status_id).toBe(200);
  });
});

describe('messaging', () => {
  it('sendSms (text)', async () => {
    const { data } = await client.POST('/api/sms/send', { body: { recipient_contact: '+14155551234', message: 'Hello from EchoCue!' } });
    expect(data?.data.notification_id).toBe(12345);
    expect(data?.data.template_id).toBeNull();
  });
  it('sendSms (template with variables)', async () => {
    const { response } = await client.POST('/api/sms/send', {
      body: { recipient_contact: '+14155551234', template_id: '74', variables: { first_name: 'Jane' } },
    });
    expect(response.status).toBe(200);
  });
  it('sendBulkSms', async () => {
    const { data } = await client.POST('/api/sms/send/bulk', { body: { messages: [{ recipient_contact: '+14155551234', message: 'Hi' }] } });
    expect(data?.status_id).toBe(200);
  });
  it('sendWhatsApp', async () => {
    const { data } = await client.POST('/api/whatsapp/send', { body: { recipient_contact: '+14155551234', message: 'Hello via WhatsApp!' } });
    expect(data?.data.notification_id).toBe(12345);
  });
});

describe('stats', () => {
  it('getNotificationStats', async () => {
    const { data } = await client.GET('/api/stats/notifications', { params: { query: { period: 'week' } } });
    expect(data?.data).toEqual({ sent: 1250, delivered: 1200, failed: 50, pending: 25 });
  });
  it('getCreditStats', async () => {
    const { data } = await client.GET('/api/stats/credits');
    expect(data?.data.balance).toBe(5000);
  });
});

describe('authentication', () => {
  it('sends both credentials on every call', async () => {
    const seen: Headers[] = [];
    const spy = createEchoCueClient({ apiKey: 'test-key', apiSecret: 'test-secret', baseUrl });
    spy.use({ onRequest: ({ request }) => void seen.push(new Headers(request.headers)) });
    await spy.GET('/api/stats/credits');
    expect(seen[0]?.get('authorization')).toBe('Bearer test-key');
    expect(seen[0]?.get('x-api-secret')).toBe('test-secret');
  });
  it.each([
    ['no key', 'Authorization'],
    ['no secret', 'X-API-SECRET'],
  ])('answers 401 with the error envelope when the request has %s', async (_, header) => {
    const partial = createEchoCueClient({ apiKey: 'test-key', apiSecret: 'test-secret', baseUrl });
    partial.use({
      onRequest: ({ request }) => {
        request.headers.delete(header);
        return request;
      },
    });
    const { error, response } = await partial.GET('/api/stats/credits');
    expect(response.status).toBe(401);
    expect(error?.status_id).toBe(401);
  });
  it('refuses to build a client without a credential, naming the option and not the value', () => {
    expect(() => createEchoCueClient({ apiKey: '', apiSecret: 'test-secret' })).toThrow(EchoClientConfigError);
    expect(() => createEchoCueClient({ apiKey: 'test-key', apiSecret: '' })).toThrow(/apiSecret/);
    // @ts-expect-error apiSecret is required by the type as well
    expect(() => createEchoCueClient({ apiKey: 'test-key' })).toThrow(/apiSecret/);
  });
  it('defaults to the spec server URL', () => {
    expect(echoCueVendor.serverUrl).toBe('https://api.echocue.com:5501/v1');
  });
});

describe('requests that break the spec get 400 from the mock', () => {
  it('limit above 100', async () => {
    // A bound is not a type: this compiles, and the mock (like the API) refuses it.
    const { response } = await client.GET('/api/device/list', { params: { query: { limit: 500 } } });
    expect(response.status).toBe(400);
  });
  it('a contact without a phone', async () => {
    // @ts-expect-error phone is required
    const { response, error } = await client.POST('/api/contact/create', { body: { name: 'Jane Doe' } });
    expect(response.status).toBe(400);
    expect(error?.status_id).toBe(400);
  });
  it('an SMS to a number that is not E.164', async () => {
    const { response } = await client.POST('/api/sms/send', { body: { recipient_contact: '415-555-1234', message: 'Hi' } });
    expect(response.status).toBe(400);
  });
  it('an SMS over 1600 characters', async () => {
    const { response } = await client.POST('/api/sms/send', { body: { recipient_contact: '+14155551234', message: 'x'.repeat(1601) } });
    expect(response.status).toBe(400);
  });
});

describe('misuse is a compile error (checked by tsc over this file; the calls never run)', () => {
  it('rejects wrong paths, missing path parameters and wrong body fields', () => {
    const misuse = () => {
      // @ts-expect-error no such path
      void client.GET('/api/devices/list');
      // @ts-expect-error the path parameter device_id is missing
      void client.GET('/api/device/{device_id}', {});
      // @ts-expect-error device_id is an integer
      void client.GET('/api/device/{device_id}', { params: { path: { device_id: 'abc' } } });
      // @ts-expect-error status is active | inactive
      void client.POST('/api/device/batch/update-status', { body: { device_ids: [1], status: 'paused' } });
      // @ts-expect-error an SMS needs a message or a template_id
      void client.POST('/api/sms/send', { body: { recipient_contact: '+14155551234' } });
    };
    expect(misuse).toBeTypeOf('function');
  });
});
