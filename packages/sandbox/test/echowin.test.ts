import { unwrap } from '@echo-openapi/runtime';
import { createEchowinClient } from '@echo-openapi/echowin';
import { describe, expect, it } from 'vitest';
import { raw, sandboxFor, withFrozenClock } from './helpers.js';

const server = await sandboxFor('echowin');
const client = (apiKey: string) => createEchowinClient({ apiKey, baseUrl: server.url, retry: false });

describe('echowin sandbox', () => {
  it('creates, reads, lists, updates and deletes a contact, with tags from tagNames', async () => {
    const ada = client('key-ada');
    const created = await ada.POST('/contacts', {
      body: { firstName: 'Ada', lastName: 'Lovelace', number: '+15550001111', email: 'ada@example.com', tagNames: ['Pioneer', 'VIP'] },
    });
    expect(created.response.status).toBe(201);
    const id = created.data!.data.id;
    expect(created.data!.data).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' });
    expect(created.data!.data.tags!.map((t) => t.name)).toEqual(['Pioneer', 'VIP']);
    // VIP existed (seeded from the examples): reused, not duplicated.
    const tags = await ada.GET('/tags');
    expect(tags.data!.data.filter((t) => t.name === 'VIP')).toHaveLength(1);
    expect(tags.data!.data.find((t) => t.name === 'Pioneer')?.contactCount).toBe(1);

    const read = await ada.GET('/contacts/{contactId}', { params: { path: { contactId: id } } });
    expect(read.data!.data).toMatchObject({ id, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' });

    const updated = await ada.PUT('/contacts/{contactId}', {
      params: { path: { contactId: id } },
      body: { lastName: 'King', tagNames: ['Countess'] },
    });
    expect(updated.data!.data).toMatchObject({ id, firstName: 'Ada', lastName: 'King' });
    expect(updated.data!.data.tags!.map((t) => t.name)).toEqual(['Countess']);
    expect(Object.keys(updated.data!.data)).not.toContain('createdAt'); // the vendor omits it from the update answer
    expect((await ada.GET('/contacts/{contactId}', { params: { path: { contactId: id } } })).data!.data.createdAt).toEqual(expect.any(String));

    const listed = await ada.GET('/contacts', { params: { query: { search: 'king' } } });
    expect(listed.data!.data.map((c) => c.id)).toEqual([id]);

    const deleted = await ada.DELETE('/contacts/{contactId}', { params: { path: { contactId: id } } });
    expect(deleted.response.status).toBe(200);
    const gone = await ada.GET('/contacts/{contactId}', { params: { path: { contactId: id } } });
    expect(gone.response.status).toBe(404);
    expect(gone.error).toEqual({ error: expect.stringContaining('not found') });
  });

  it('answers every documented example on a fresh tenant, as the mock does', async () => {
    const fresh = client('key-fresh');
    const { data } = await fresh.GET('/contacts/{contactId}', { params: { path: { contactId: '123e4567-e89b-12d3-a456-426614174000' } } });
    expect(data!.data.firstName).toBe('John');
    expect(data!.data.notes?.length).toBeGreaterThan(0);
  });

  it('stores notes, assignments and boards on the contact', async () => {
    const api = client('key-notes');
    const { data } = await api.POST('/contacts', { body: { firstName: 'Grace', number: '+15550002222' } });
    const contactId = data!.data.id;
    const path = { params: { path: { contactId } } };
    await api.POST('/contacts/{contactId}/notes', { ...path, body: { note: 'Wants COBOL training', type: 'INFO' } });
    expect((await api.GET('/contacts/{contactId}/notes', path)).data!.data.map((n) => n.note)).toEqual(['Wants COBOL training']);
    expect((await api.GET('/contacts/{contactId}', path)).data!.data.notes!.map((n) => n.note)).toEqual(['Wants COBOL training']);

    await api.POST('/contacts/{contactId}/assignments', { ...path, body: { userIds: ['user-1', 'user-2'] } });
    await api.PUT('/contacts/{contactId}/assignments', { ...path, body: { userIds: ['user-3'] } });
    expect((await api.GET('/contacts/{contactId}/assignments', path)).data!.data.map((a) => a.userId)).toEqual(['user-3']);

    const boards = (await api.GET('/boards')).data!.data.map((b) => b.id);
    const assigned = await api.POST('/contacts/{contactId}/boards', { ...path, body: { boardIds: boards } });
    expect(assigned.data!.data.boards!.map((b) => b.id)).toEqual(boards);
    const replaced = await api.PUT('/contacts/{contactId}/boards', { ...path, body: { boardIds: [boards[0]!] } });
    expect(replaced.data!.data).toMatchObject({ removedFrom: boards.length - 1, addedTo: 0 });
    expect((await api.GET('/contacts/{contactId}/boards', path)).data!.data.map((b) => b.id)).toEqual([boards[0]]);
    expect((await api.DELETE('/contacts/{contactId}/boards', path)).data!.data.removedFrom).toBe(1);
    const unknownBoard = await api.POST('/contacts/{contactId}/boards', { ...path, body: { boardIds: ['no-such-board'] } });
    expect(unknownBoard.response.status).toBe(404);
    const unknownContact = await api.GET('/contacts/{contactId}/notes', { params: { path: { contactId: 'does-not-exist' } } });
    expect(unknownContact.response.status).toBe(404);
  });

  it('filters by tag, sorts and paginates', async () => {
    const api = client('key-pages');
    await api.POST('/contacts/bulk', {
      body: {
        contacts: Array.from({ length: 25 }, (_, i) => ({
          firstName: `P${String(i).padStart(2, '0')}`,
          number: `+1555100${String(i).padStart(4, '0')}`,
          tagNames: i % 5 === 0 ? ['Fives'] : [],
        })),
      },
    });
    const page2 = await api.GET('/contacts', { params: { query: { page: 2, limit: 10, sortBy: 'firstName', sortOrder: 'asc' } } });
    expect(page2.data!.pagination).toMatchObject({ page: 2, limit: 10, totalCount: 26, totalPages: 3 });
    expect(page2.data!.data.map((c) => c.firstName)).toEqual(['P09', 'P10', 'P11', 'P12', 'P13', 'P14', 'P15', 'P16', 'P17', 'P18']);
    const fives = (await api.GET('/tags')).data!.data.find((t) => t.name === 'Fives')!;
    const tagged = await api.GET('/contacts', { params: { query: { tagIds: fives.id, sortBy: 'firstName', sortOrder: 'desc' } } });
    expect(tagged.data!.data.map((c) => c.firstName)).toEqual(['P20', 'P15', 'P10', 'P05', 'P00']);
  });

  it('keeps tenants apart: another key never sees or changes your records', async () => {
    const alice = client('key-alice');
    const mallory = client('key-mallory');
    const { data } = await alice.POST('/contacts', { body: { firstName: 'Secret', number: '+15550003333' } });
    const id = data!.data.id;
    expect((await mallory.GET('/contacts/{contactId}', { params: { path: { contactId: id } } })).response.status).toBe(404);
    expect((await mallory.PUT('/contacts/{contactId}', { params: { path: { contactId: id } }, body: { firstName: 'Owned' } })).response.status).toBe(
      404,
    );
    expect((await mallory.DELETE('/contacts/{contactId}', { params: { path: { contactId: id } } })).response.status).toBe(404);
    expect((await mallory.GET('/contacts', { params: { query: { search: 'Secret' } } })).data!.data).toEqual([]);
    expect((await alice.GET('/contacts/{contactId}', { params: { path: { contactId: id } } })).data!.data.firstName).toBe('Secret');
  });

  it('answers malformed JSON, missing credentials and invalid bodies in the envelope', async () => {
    const malformed = await raw(server.url, 'POST', '/contacts', { headers: { 'X-API-Key': 'k' }, body: '{"firstName": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/^Malformed JSON body/);
    const missing = await raw(server.url, 'GET', '/contacts');
    expect(missing).toMatchObject({ status: 401, body: { error: 'Missing X-API-Key header' } });
    const invalid = await raw(server.url, 'POST', '/contacts', { headers: { 'X-API-Key': 'k' }, body: JSON.stringify({ firstName: 'No number' }) });
    expect(invalid).toMatchObject({ status: 400, body: { error: 'Validation error', details: [{ field: 'number', message: 'is required' }] } });
    const agency = await raw(server.url, 'POST', '/agency/subteams', { headers: { 'X-API-Key': 'k' }, body: '{}' });
    expect(agency.status).toBe(401);
  });

  it("says, for a path sent with the server URL's base path, which path the sandbox serves instead", async () => {
    const based = await raw(server.url, 'GET', '/api/v1/contacts', { headers: { 'X-API-Key': 'k' } });
    expect(based.status).toBe(404);
    expect(based.body.error).toBe(
      "No route GET /api/v1/contacts. The sandbox serves paths without the server URL's base path (/api/v1): GET /contacts",
    );
    const unknown = await raw(server.url, 'GET', '/no/such/thing', { headers: { 'X-API-Key': 'k' } });
    expect(unknown.body.error).toBe('No route GET /no/such/thing');
  });

  it('limits each tenant to 100 requests a minute with X-RateLimit-* and Retry-After; the clock frees it', async () => {
    await withFrozenClock(server, async () => {
      const api = client('key-busy');
      let last: Response | undefined;
      for (let i = 0; i < 100; i++) last = (await api.GET('/tags')).response;
      expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
      const limited = await raw(server.url, 'GET', '/tags', { headers: { 'X-API-Key': 'key-busy' } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('x-ratelimit-limit')).toBe('100');
      // Another tenant is not affected.
      expect((await client('key-calm').GET('/tags')).response.status).toBe(200);
      await unwrap(server.control.advanceClock({ body: { advanceSeconds: 60 } }));
      const after = await api.GET('/tags');
      expect(after.response.status).toBe(200);
    });
  });

  it('answers Prefer: code=NNN with the documented example, and logs requests without credentials', async () => {
    const preferred = await raw(server.url, 'GET', '/contacts/x', { headers: { 'X-API-Key': 'k', Prefer: 'code=404' } });
    expect(preferred.status).toBe(404);
    const log = await unwrap(server.control.listRequests());
    expect(log.requests[0]).toMatchObject({ method: 'GET', path: '/contacts/x', status: 404, operationId: 'getContact' });
    expect(JSON.stringify(log)).not.toContain('key-alice');
  });

  it('resets one tenant or all', async () => {
    const api = client('key-reset');
    const { data } = await api.POST('/tags', { body: { name: 'Temporary' } });
    expect(data!.data.name).toBe('Temporary');
    expect(await unwrap(server.control.resetSandbox({ body: { tenant: 'key-reset' } }))).toEqual({ reset: 'tenant' });
    expect((await api.GET('/tags')).data!.data.map((t) => t.name)).not.toContain('Temporary');
  });
});
