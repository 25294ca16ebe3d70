import { unwrap } from '@echo-openapi/runtime';
import { createEchoCueClient } from '@echo-openapi/echocue';
import { describe, expect, it } from 'vitest';
import { raw, sandboxFor, withFrozenClock } from './helpers.js';

const server = await sandboxFor('echocue');
const client = (apiKey: string, apiSecret = 'secret') => createEchoCueClient({ apiKey, apiSecret, baseUrl: server.url, retry: false });

describe('EchoCue sandbox', () => {
  it('spends credits on sends, lists the notification, moves it pending -> sent -> delivered, and threads it', async () => {
    const api = client('key-send');
    const before = (await api.GET('/api/stats/credits')).data!.data;
    const sent = await api.POST('/api/sms/send', { body: { recipient_contact: '+14155550100', message: 'Hello Ada' } });
    expect(sent.data!.data).toMatchObject({ message: 'Hello Ada', template_id: null });
    const id = sent.data!.data.notification_id;
    const after = (await api.GET('/api/stats/credits')).data!.data;
    expect(after).toEqual({ balance: before.balance - 1, used_this_month: before.used_this_month + 1 });

    const status = async () =>
      ((await api.GET('/api/notification/{notification_id}', { params: { path: { notification_id: id } } })).data!.data as { status: string }).status;
    expect(await status()).toBe('pending');
    const listed = (await api.GET('/api/notification/list', { params: { query: { status: 'pending' } } })).data!.data as {
      notifications: { notification_id: number }[];
    };
    expect(listed.notifications.map((n) => n.notification_id)).toEqual([id]);
    await unwrap(server.control.advanceClock({ body: { advanceSeconds: 6 } }));
    expect(await status()).toBe('sent');
    await unwrap(server.control.advanceClock({ body: { advanceSeconds: 20 } }));
    expect(await status()).toBe('delivered');
    const stats = (await api.GET('/api/stats/notifications')).data!.data;
    expect(stats).toMatchObject({ pending: 0, delivered: 2 }); // the example's notification, and ours

    const threads = (await api.GET('/api/thread/list')).data!.data as { threads: { thread_id: number; contact: string }[] };
    const thread = threads.threads.find((t) => t.contact === '+14155550100')!;
    const messages = (await api.GET('/api/thread/{thread_id}/messages', { params: { path: { thread_id: thread.thread_id } } })).data!.data as {
      messages: { message: string }[];
    };
    expect(messages.messages).toEqual([{ message: 'Hello Ada' }]);
  });

  it('cancels only while pending', async () => {
    const api = client('key-cancel');
    const scheduled = await api.POST('/api/sms/send', {
      body: { recipient_contact: '+14155550101', message: 'Later', schedule_time: '2999-01-01 00:00:00' },
    });
    const id = scheduled.data!.data.notification_id;
    expect((await api.POST('/api/notification/cancel', { body: { notification_id: id } })).response.status).toBe(200);
    const cancelled = (await api.GET('/api/notification/{notification_id}', { params: { path: { notification_id: id } } })).data!.data as {
      status: string;
    };
    expect(cancelled.status).toBe('failed');

    const now = await api.POST('/api/sms/send', { body: { recipient_contact: '+14155550101', message: 'Now' } });
    await unwrap(server.control.advanceClock({ body: { advanceSeconds: 30 } }));
    const late = await api.POST('/api/notification/cancel', { body: { notification_id: now.data!.data.notification_id } });
    expect(late.response.status).toBe(400);
    expect(late.error).toMatchObject({ status_id: 400, message: expect.stringContaining('can no longer be cancelled'), data: null });
    const unknown = await api.POST('/api/notification/cancel', { body: { notification_id: 999999 } });
    expect(unknown.response.status).toBe(400);
    expect(unknown.error!.message).toMatch(/not found/);
  });

  it('answers 402 when credits run out, and fills templates', async () => {
    const api = client('key-poor');
    const { balance } = (await api.GET('/api/stats/credits')).data!.data;
    const bulk = Array.from({ length: 100 }, (_, i) => ({ recipient_contact: `+1415555${String(i).padStart(4, '0')}`, message: `n${i}` }));
    let spent = 0;
    while (spent + 100 <= balance) {
      const reply = await raw(server.url, 'POST', '/api/sms/send/bulk', {
        headers: { Authorization: 'Bearer key-poor', 'X-API-Secret': 'secret' },
        body: JSON.stringify({ messages: bulk }),
      });
      expect(reply.status).toBe(200);
      spent += 100;
    }
    expect(balance - spent).toBeLessThan(100);
    const poor = await api.POST('/api/sms/send/bulk', { body: { messages: bulk } });
    expect(poor.response.status).toBe(402);
    expect(poor.error).toEqual({ status_id: 402, message: expect.stringMatching(/^Insufficient credits/), data: null });
    const templated = await client('key-rich').POST('/api/sms/send', {
      body: { recipient_contact: '+14155550102', template_id: '74', variables: { first_name: 'Ana' } },
    });
    expect(templated.data!.data.message).toBe('Hi Ana, welcome to our service!');
  });

  it('serves contacts from create to delete, ids in the body, unknown ids as the documented 400', async () => {
    const api = client('key-contacts');
    const created = await api.POST('/api/contact/create', { body: { name: 'Ada Lovelace', phone: '+14155550103', email: 'ada@example.com' } });
    const id = (created.data!.data as { contact_id: number }).contact_id;
    expect((await api.GET('/api/contact/{contact_id}', { params: { path: { contact_id: id } } })).data!.data).toMatchObject({
      contact_id: id,
      name: 'Ada Lovelace',
    });
    await api.POST('/api/contact/update', { body: { contact_id: id, name: 'Ada King' } });
    const found = await api.POST('/api/contact/search', { body: { query: 'king' } });
    expect((found.data!.data as { contacts: { contact_id: number }[] }).contacts.map((c) => c.contact_id)).toEqual([id]);
    await api.POST('/api/contact/delete', { body: { contact_id: id } });
    const gone = await api.GET('/api/contact/{contact_id}', { params: { path: { contact_id: id } } });
    expect(gone.response.status).toBe(400);
    expect(gone.error).toMatchObject({ status_id: 400, message: `Contact ${id} not found`, data: null });
    // Another secret with the same key is another tenant.
    const other = client('key-contacts', 'other-secret');
    expect((await other.GET('/api/contact/list')).data!.data).toMatchObject({ contacts: [{ contact_id: 456 }] });
  });

  it('answers missing credentials, malformed JSON and the 60/min limit in the envelope', async () => {
    expect(await raw(server.url, 'GET', '/api/stats/credits', { headers: { Authorization: 'Bearer only-key' } })).toMatchObject({
      status: 401,
      body: { status_id: 401, data: null },
    });
    const malformed = await raw(server.url, 'POST', '/api/sms/send', {
      headers: { Authorization: 'Bearer k', 'X-API-Secret': 's' },
      body: '{"recipient_contact"',
    });
    expect(malformed).toMatchObject({ status: 400, body: { status_id: 400, message: expect.stringMatching(/^Malformed JSON body/), data: null } });
    // Each broken field once, in the vendor's words: no duplicate from anyOf's two shapes, no empty name, no "anyOf".
    const invalid = await raw(server.url, 'POST', '/api/sms/send', {
      headers: { Authorization: 'Bearer k', 'X-API-Secret': 's' },
      body: JSON.stringify({ recipient_contact: '555' }),
    });
    expect(invalid).toMatchObject({
      status: 400,
      body: { status_id: 400, message: 'recipient_contact must match ^\\+[1-9]\\d{1,14}$; message or template_id is required', data: null },
    });
    const headers = { Authorization: 'Bearer key-limit', 'X-API-Secret': 's' };
    await withFrozenClock(server, async () => {
      for (let i = 0; i < 60; i++) expect((await raw(server.url, 'GET', '/api/project/list', { headers })).status).toBe(200);
      const limited = await raw(server.url, 'GET', '/api/project/list', { headers });
      expect(limited).toMatchObject({ status: 429, body: { status_id: 429, data: null } });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      await unwrap(server.control.advanceClock({ body: { advanceSeconds: 60 } }));
      expect((await raw(server.url, 'GET', '/api/project/list', { headers })).status).toBe(200);
    });
  });
});
