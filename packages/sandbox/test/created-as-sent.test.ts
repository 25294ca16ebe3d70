// A created record comes back as the client sent it, plus only what the server generates (id, timestamps,
// declared defaults, fields the vendor computes). Optional fields the client left out stay out (or null where the
// key is required and may be null); a required field nobody sent gets a neutral value, never the data of the
// spec's example record (John Doe, "My Device", ...). Every answer is still checked against the spec (sandboxFor).
import { describe, expect, it } from 'vitest';
import { raw, sandboxFor } from './helpers.js';

const [echowin, echocue, echocomm, userecho] = await Promise.all([
  sandboxFor('echowin'),
  sandboxFor('echocue'),
  sandboxFor('echocomm'),
  sandboxFor('userecho'),
]);

/** A timestamp written just now (the sandbox's clock is real time here). */
const justNow = expect.toSatisfy((value: unknown) => typeof value === 'string' && Math.abs(Date.parse(value) - Date.now()) < 60_000);

describe('created records come back as sent', () => {
  it('echowin: a contact without email, last name or tags has none; a note and an assignment carry no example person', async () => {
    const headers = { 'X-API-Key': 'key-as-sent' };
    const created = await raw(echowin.url, 'POST', '/contacts', { headers, body: JSON.stringify({ firstName: 'Ada', number: '+15550001111' }) });
    expect(created.status).toBe(201);
    const contact = {
      id: expect.any(String),
      firstName: 'Ada',
      lastName: null,
      email: null,
      number: '+15550001111',
      customFields: {},
      tags: [],
      createdAt: justNow,
    };
    expect(created.body.data).toEqual(contact);
    const id = created.body.data.id as string;
    expect((await raw(echowin.url, 'GET', `/contacts/${id}`, { headers })).body.data).toEqual({ ...contact, notes: [] });
    expect((await raw(echowin.url, 'GET', '/contacts?search=ada', { headers })).body.data).toEqual([contact]);

    const note = await raw(echowin.url, 'POST', `/contacts/${id}/notes`, { headers, body: JSON.stringify({ note: 'Met at the conference' }) });
    expect(note.body.data).toEqual({
      id: expect.any(String),
      note: 'Met at the conference',
      type: 'GENERAL',
      createdAt: justNow,
      creator: { id: '', firstName: '', lastName: '', email: 'nobody@example.invalid' },
    });
    const assigned = await raw(echowin.url, 'POST', `/contacts/${id}/assignments`, { headers, body: JSON.stringify({ userIds: ['user-9'] }) });
    const assignment = {
      id: expect.any(String),
      contactId: id,
      userId: 'user-9',
      assignedAt: justNow,
      user: { id: 'user-9', firstName: '', lastName: '', email: 'nobody@example.invalid' },
    };
    expect(assigned.body.data).toEqual([assignment]);
    expect((await raw(echowin.url, 'GET', `/contacts/${id}/assignments`, { headers })).body.data).toEqual([assignment]);
  });

  it('echocue: a device registered without a name reads back with an empty name, not the example device', async () => {
    const headers = { Authorization: 'Bearer key-as-sent', 'X-API-Secret': 'secret' };
    const before = (await raw(echocue.url, 'GET', '/api/device/list?limit=100', { headers })).body.data.devices as { device_id: number }[];
    await raw(echocue.url, 'POST', '/api/device/batch/register', { headers, body: JSON.stringify({ devices: [{}] }) });
    const devices = (await raw(echocue.url, 'GET', '/api/device/list?limit=100', { headers })).body.data.devices as { device_id: number }[];
    const added = devices.find((device) => !before.some((known) => known.device_id === device.device_id))!;
    expect(added).toEqual({ device_id: expect.any(Number), name: '', status: 'active' });
    expect((await raw(echocue.url, 'GET', `/api/device/${added.device_id}`, { headers })).body.data).toEqual(added);

    const contact = await raw(echocue.url, 'POST', '/api/contact/create', { headers, body: JSON.stringify({ name: 'Ada', phone: '+15550001111' }) });
    const contactId = contact.body.data.contact_id as number;
    expect(contact.body.data).toEqual({ contact_id: contactId, name: 'Ada', phone: '+15550001111' });
    expect((await raw(echocue.url, 'GET', `/api/contact/${contactId}`, { headers })).body.data).toEqual(contact.body.data);
  });

  it('echocomm: a webhook configured without method, headers or retry policy answers only what was sent and generated', async () => {
    const headers = { Authorization: 'Bearer key-as-sent' };
    const configured = await raw(echocomm.url, 'POST', '/webhooks/sms/configure', {
      headers,
      body: JSON.stringify({ url: 'https://ada.example.org/sms', events: ['sms.received'] }),
    });
    expect(configured.body.data).toEqual({
      webhook_id: expect.stringMatching(/^whk_/),
      url: 'https://ada.example.org/sms',
      events: ['sms.received'],
      status: 'active',
      created_at: justNow,
    });
  });

  it('userecho: comments, groups, topics and new users carry what was sent and generated, nothing from the examples', async () => {
    const headers = { Authorization: 'Bearer token-as-sent' };
    await raw(userecho.url, 'POST', '/topics/1234/comments.json', { headers, body: JSON.stringify({ text: 'Me too' }) });
    const comments = (await raw(userecho.url, 'GET', '/topics/1234/comments.json', { headers })).body.data;
    expect(comments).toEqual([
      { id: expect.anything(), text: 'Me too', created: justNow, author: { id: expect.any(Number), name: expect.any(String) } },
    ]);

    await raw(userecho.url, 'POST', '/users/groups.json', { headers, body: JSON.stringify({ name: 'Beta testers' }) });
    expect((await raw(userecho.url, 'GET', '/users/groups.json', { headers })).body.data).toEqual([{ id: expect.anything(), name: 'Beta testers' }]);

    await raw(userecho.url, 'POST', '/forums/1/topics.json', { headers, body: JSON.stringify({ header: 'Offline mode', type: 1 }) });
    const topics = (await raw(userecho.url, 'GET', '/forums/1/topics.json?order_by=-created', { headers })).body.data as Record<string, unknown>[];
    expect(topics[0]).toMatchObject({ header: 'Offline mode', created: justNow, updated: justNow, comment_count: 0 });
    expect(topics[0]).not.toHaveProperty('description');
    expect(topics[0]).not.toHaveProperty('vote');

    const user = await raw(userecho.url, 'POST', '/users/get_or_create.json', {
      headers,
      body: JSON.stringify({ email: 'ada@example.org', name: 'Ada' }),
    });
    expect(user.body.data).toEqual({
      id: expect.any(Number),
      display_name: 'Ada',
      name: 'Ada',
      name_and_title: 'Ada',
      slug: 'ada',
      email: 'ada@example.org',
      title: '',
      avatar_url: 'https://cdn.userecho.com/images/no_avatar_48.jpg',
      rating: 0,
      updates_count: 0,
      is_staff: false,
      is_authenticated: true,
      last_activity: justNow,
      date_joined: justNow,
      is_created: true,
    });
  });
});
