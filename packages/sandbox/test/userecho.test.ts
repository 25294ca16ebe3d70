import { createUserEchoClient } from '@echo-openapi/userecho';
import { describe, expect, it } from 'vitest';
import { raw, sandboxFor } from './helpers.js';

const server = await sandboxFor('userecho');
const client = (accessToken: string, tokenIn: 'query' | 'header' = 'query') =>
  createUserEchoClient({ alias: 'acme', accessToken, tokenIn, baseUrl: server.url, retry: false });

describe('UserEcho sandbox', () => {
  it('creates forums, topics and comments that come back in lists with the details paging block', async () => {
    const api = client('token-forums');
    await api.POST('/forums.json', { body: { name: 'Feature requests', type: 'PUBLIC' } });
    const forums = (await api.GET('/forums.json')).data!;
    const forum = forums.data.find((f) => f.name === 'Feature requests')!;
    expect(forums.details).toMatchObject({ count: 2, page: 1, from: 1 });

    const path = { params: { path: { forum_id: forum.id } } };
    for (let i = 0; i < 3; i++)
      await api.POST('/forums/{forum_id}/topics.json', {
        ...path,
        body: { header: `Idea ${i}`, description: i === 1 ? 'dark mode please' : 'other', type: 1 },
      });
    const page2 = (
      await api.GET('/forums/{forum_id}/topics.json', { params: { path: { forum_id: forum.id }, query: { page: 2, limit: 2, order_by: 'created' } } })
    ).data!;
    expect(page2.details).toMatchObject({ count: 3, page: 2, limit: 2, from: 3 });
    expect(page2.data.map((t) => t.header)).toEqual(['Idea 2']);
    const found = (
      await api.GET('/forums/{forum_id}/topics/search.json', { params: { path: { forum_id: forum.id }, query: { query: 'dark mode' } } })
    ).data!;
    expect(found.data.map((t) => t.header)).toEqual(['Idea 1']);

    const topicId = found.data[0]!.id;
    await api.POST('/topics/{topic_id}/comments.json', {
      params: { path: { topic_id: topicId } },
      body: { text: 'Planned for next release', is_official: true },
    });
    const comments = (await api.GET('/topics/{topic_id}/comments.json', { params: { path: { topic_id: topicId } } })).data!;
    expect(comments.data.map((c) => c.text)).toEqual(['Planned for next release']);
    expect((await api.GET('/topics/{topic_id}.json', { params: { path: { topic_id: topicId } } })).data!.data).toMatchObject({
      id: topicId,
      header: 'Idea 1',
      comment_count: 1,
    });

    const unknown = await api.GET('/topics/{topic_id}.json', { params: { path: { topic_id: 999999 } } });
    expect(unknown.response.status).toBe(404);
    expect(unknown.error).toMatchObject({ status: expect.stringMatching(/error|fail/) });
  });

  it('finds or creates users, by query token or bearer header alike, per tenant', async () => {
    const api = client('token-users', 'header');
    const created = (await api.POST('/users/get_or_create.json', { body: { email: 'ada@example.com', name: 'Ada' } })).data!.data;
    expect(created).toMatchObject({ email: 'ada@example.com', is_created: true });
    const again = (await client('token-users').POST('/users/get_or_create.json', { body: { email: 'ada@example.com' } })).data!.data;
    expect(again).toMatchObject({ id: created.id, is_created: false });
    expect((await api.GET('/users/{user_id}.json', { params: { path: { user_id: created.id } } })).data!.data).toMatchObject({
      id: created.id,
      display_name: 'Ada',
    });
    expect((await client('token-other').GET('/users/{user_id}.json', { params: { path: { user_id: created.id } } })).response.status).toBe(404);
    expect((await api.GET('/users/current.json')).data!.data.id).toBe(7966);
  });

  it('lists the statuses of a known type, and answers the documented 404 for an unknown one', async () => {
    const api = client('token-types');
    const forum = (await api.GET('/forums.json')).data!.data[0]!;
    const type = (await api.GET('/forums/{forum_id}/types.json', { params: { path: { forum_id: forum.id } } })).data!.data[0]!;
    const statuses = (type_id: number) =>
      api.GET('/forums/{forum_id}/types/{type_id}/statuses.json', { params: { path: { forum_id: forum.id, type_id } } });
    expect((await statuses(type.id!)).response.status).toBe(200);
    const unknown = await statuses(987654);
    expect(unknown.response.status).toBe(404);
    expect(unknown.error).toMatchObject({ status: expect.stringMatching(/error|fail/), message: 'Type 987654 not found' });
  });

  it('answers missing tokens and malformed JSON in the envelope', async () => {
    expect(await raw(server.url, 'GET', '/forums.json')).toMatchObject({ status: 401, body: { status: expect.stringMatching(/error|fail/) } });
    const malformed = await raw(server.url, 'POST', '/forums.json?access_token=t', { body: '{"name"' });
    expect(malformed).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^Malformed JSON body/) } });
    const log = await raw(server.url, 'GET', '/__sandbox/requests', { headers: { 'X-Sandbox-Admin-Token': server.adminToken } });
    expect(log.body.requests[0].path).toBe('/forums.json?access_token=%5BREDACTED%5D');
  });
});
