// The UserEcho client against Prism serving specs/userecho: one test per operation, asserting the typed
// fields of what comes back, then authentication (the token in the `access_token` query parameter by
// default, or as `Authorization: Bearer`), the server URL built from the alias, and requests that break
// the spec.
import { EchoClientConfigError } from '@echo-openapi/runtime';
import { describe, expect, inject, it } from 'vitest';
import { createUserEchoClient, userEchoVendor } from '../src/index.js';

const baseUrl = inject('mockUrl');
const client = createUserEchoClient({ alias: 'demo', accessToken: 'test-token', baseUrl });

const gravatar7966 =
  'https://secure.gravatar.com/avatar/09b4a1f47e5d064b5344c7e6433dd751?default=https%3A%2F%2Fcdn.userecho.com%2Fimages%2Fno_avatar_48.jpg&s=48';
const topicUrl = 'https://demo.userecho.com/communities/1/topics/1234-dark-mode-for-the-dashboard';

/** A fetch that records each request and answers a canned envelope, so nothing leaves the machine. */
function recordingFetch() {
  const requests: Request[] = [];
  const fetch = async (input: Request): Promise<Response> => {
    requests.push(input);
    return new Response(JSON.stringify({ status: 'success', data: [] }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return { requests, fetch };
}

describe('users', () => {
  it('listUsers (the page sample: page 11 of 78 users, 2 a page)', async () => {
    const { data, response } = await client.GET('/users.json', { params: { query: { page: 11, limit: 2 } } });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
    expect(data?.data).toHaveLength(2);
    expect(data?.data[0]).toEqual({
      rating: 23,
      display_name: 'Best user',
      avatar_url: gravatar7966,
      updates_count: 1,
      id: 7966,
      is_staff: false,
      last_activity: '2013-12-01T20:51:10.895Z',
      date_joined: '2013-12-01T20:51:10.895Z',
    });
    expect(data?.data[1]?.display_name).toBe('MARK3906');
    expect(data?.data[1]?.id).toBe(7967);
    expect(data?.data[1]?.rating).toBe(6);
    expect(data?.details).toEqual({ count: 78, limit: 2, from: 21, page: 11 });
    expect(data?.details?.count).toBe(78);
  });
  it('getCurrentUser', async () => {
    const { data, response } = await client.GET('/users/current.json');
    expect(response.status).toBe(200);
    expect(data?.data.id).toBe(7966);
    expect(data?.data.display_name).toBe('Best user');
    expect(data?.data.is_staff).toBe(false);
  });
  it('getUser', async () => {
    const { data, response } = await client.GET('/users/{user_id}.json', { params: { path: { user_id: 7966 } } });
    expect(response.status).toBe(200);
    expect(data?.data.rating).toBe(23);
    expect(data?.data.date_joined).toBe('2013-12-01T20:51:10.895Z');
  });
  it('getUser answers the page error example on a 404', async () => {
    const { error, response } = await client.GET('/users/{user_id}.json', { params: { path: { user_id: 1 } }, headers: { Prefer: 'code=404' } });
    expect(response.status).toBe(404);
    expect(error).toEqual({ status: 'fail', message: "User doesn't exists" });
  });
  it('updateUser', async () => {
    const { data, response } = await client.PUT('/users/{user_id}.json', { params: { path: { user_id: 7966 } }, body: {} });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
    expect(data?.data).toBeUndefined();
  });
  it('deleteUser', async () => {
    const { data, response } = await client.DELETE('/users/{user_id}.json', { params: { path: { user_id: 7966 } } });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
  it('getUserBySsoGuid', async () => {
    const { data, response } = await client.GET('/users/sso/{sso_guid}.json', {
      params: { path: { sso_guid: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' } },
    });
    expect(response.status).toBe(200);
    expect(data?.data.id).toBe(7967);
    expect(data?.data.display_name).toBe('MARK3906');
  });
  it('logoutUser', async () => {
    const { data, response } = await client.GET('/users/{user_id}/logout.json', { params: { path: { user_id: 7966 } } });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
  it('getOrCreateUser', async () => {
    const { data, response } = await client.POST('/users/get_or_create.json', {
      body: {
        email: 'jane.doe@example.com',
        name: 'Jane Doe',
        language: 'en',
        email_verified: true,
        custom_fields: { cf_1: 'test', cf_2: 5 },
        send_new_user_invitation: false,
      },
    });
    expect(response.status).toBe(200);
    expect(data?.data.id).toBe(7968);
    expect(data?.data.email).toBe('jane.doe@example.com');
    expect(data?.data.slug).toBe('jane-doe');
    expect(data?.data.is_created).toBe(true);
    expect(data?.data.is_authenticated).toBe(true);
  });
  it('getUserSubscriptions', async () => {
    const { data, response } = await client.GET('/users/{user_id}/subscriptions.json', { params: { path: { user_id: 7966 } } });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
  it('updateUserSubscriptions', async () => {
    const { data, response } = await client.PUT('/users/{user_id}/subscriptions.json', { params: { path: { user_id: 7966 } }, body: {} });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
});

describe('user groups', () => {
  it('addUserToGroup', async () => {
    const { data, response } = await client.POST('/users/{user_id}/group.json', { params: { path: { user_id: 7966 } }, body: {} });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
  it('removeUserFromGroup', async () => {
    const { data, response } = await client.DELETE('/users/{user_id}/group.json', { params: { path: { user_id: 7966 } }, body: {} });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
  it('listUserGroups', async () => {
    const { data, response } = await client.GET('/users/groups.json', { params: { query: { page: 1, limit: 50 } } });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
    expect(data?.data).toEqual([]);
  });
  it('createUserGroup', async () => {
    const { data, response } = await client.POST('/users/groups.json', { body: {} });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
  it('updateUserGroup', async () => {
    const { data, response } = await client.PUT('/users/groups.json', { body: {} });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
  it('deleteUserGroup', async () => {
    const { data, response } = await client.DELETE('/users/groups.json', { body: {} });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
});

describe('forums', () => {
  it('listForums', async () => {
    const { data, response } = await client.GET('/forums.json', { params: { query: { page: 1, limit: 50 } } });
    expect(response.status).toBe(200);
    expect(data?.data[0]).toMatchObject({ id: 1, name: 'General', is_default: true, topic_count: 30 });
    expect(data?.data[0]?.type).toEqual({ id: 1, name: 'PUBLIC' });
    expect(data?.details).toEqual({ count: 1, limit: 50, from: 1, page: 1 });
  });
  it('createForum', async () => {
    const { data, response } = await client.POST('/forums.json', {
      body: {
        name: 'Feature requests',
        type: 'PUBLIC',
        locale: 'en',
        allow_anonymous_topic: false,
        allow_anonymous_votes: false,
        allow_anonymous_comments: false,
      },
    });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
  it('updateForum', async () => {
    const { data, response } = await client.PUT('/forums.json', { body: {} });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
  it('deleteForum', async () => {
    const { data, response } = await client.DELETE('/forums.json', { body: {} });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
  it('listForumTypes', async () => {
    const { data, response } = await client.GET('/forums/{forum_id}/types.json', { params: { path: { forum_id: 1 } } });
    expect(response.status).toBe(200);
    expect(data?.data.map((type) => type.name)).toEqual(['Ideas', 'Questions']);
    expect(data?.data[1]?.id).toBe(2);
  });
  it('listTypeStatuses', async () => {
    const { data, response } = await client.GET('/forums/{forum_id}/types/{type_id}/statuses.json', {
      params: { path: { forum_id: 1, type_id: 1 } },
    });
    expect(response.status).toBe(200);
    expect(data?.data[0]).toEqual({ id: 1, name: 'Under review', color: '#f0ad4e' });
    expect(data?.data[1]?.color).toBe('#5bc0de');
  });
  it('listForumCategories', async () => {
    const { data, response } = await client.GET('/forums/{forum_id}/categories.json', { params: { path: { forum_id: 1 } } });
    expect(response.status).toBe(200);
    expect(data?.data).toEqual([]);
  });
});

describe('topics', () => {
  it('listTopics', async () => {
    const { data, response } = await client.GET('/forums/{forum_id}/topics.json', {
      params: { path: { forum_id: 1 }, query: { filter__status__in: '1,2', order_by: '-created', page: 1, limit: 50 } },
    });
    expect(response.status).toBe(200);
    const topic = data?.data[0];
    expect(topic?.id).toBe(1234);
    expect(topic?.header).toBe('Dark mode for the dashboard');
    expect(topic?.status?.name).toBe('Planned');
    expect(topic?.author?.name).toBe('Best user');
    expect(topic?.vote).toEqual({ diff: 10, positive: 12, negative: 2, total: 14, current_user: 0 });
    expect(topic?.custom_fields?.[0]?.code_name).toBe('cf_1');
    expect(topic?.url).toBe(topicUrl);
    expect(data?.details?.count).toBe(1);
  });
  it('createTopic', async () => {
    const { data, response } = await client.POST('/forums/{forum_id}/topics.json', {
      params: { path: { forum_id: 1 } },
      body: {
        header: 'Dark mode for the dashboard',
        description: 'Please add a dark theme to the agent dashboard.',
        type: 1,
        category: 3,
        tags: [5],
        show_voter: true,
        custom_fields: { cf_1: 'test', cf_2: 5 },
        needs_review: false,
      },
    });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
  it('updateTopic (null and [] clear a field)', async () => {
    const { data, response } = await client.PUT('/forums/{forum_id}/topics.json', {
      params: { path: { forum_id: 1 } },
      body: { id: 1234, header: 'Dark mode for the agent dashboard', tags: [], assigned_to: 7966, category: null },
    });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
  it('searchTopics', async () => {
    const { data, response } = await client.GET('/forums/{forum_id}/topics/search.json', {
      params: { path: { forum_id: 1 }, query: { query: 'dark mode' } },
    });
    expect(response.status).toBe(200);
    expect(data?.data[0]?.header).toBe('Dark mode for the dashboard');
    expect(data?.data[0]?.type?.name).toBe('Ideas');
  });
  it('getTopic', async () => {
    const { data, response } = await client.GET('/topics/{topic_id}.json', { params: { path: { topic_id: 1234 } } });
    expect(response.status).toBe(200);
    expect(data?.data.id).toBe(1234);
    expect(data?.data.comment_count).toBe(2);
    expect(data?.data.tags).toEqual([]);
    expect(data?.data.status?.updated).toBe('2024-01-16T08:00:00.000Z');
    expect(data?.data.author?.id).toBe(7966);
  });
});

describe('comments', () => {
  it('listComments', async () => {
    const { data, response } = await client.GET('/topics/{topic_id}/comments.json', {
      params: { path: { topic_id: 1234 }, query: { order_by: '-created' } },
    });
    expect(response.status).toBe(200);
    expect(data?.data).toEqual([]);
  });
  it('createComment', async () => {
    const { data, response } = await client.POST('/topics/{topic_id}/comments.json', {
      params: { path: { topic_id: 1234 } },
      body: { text: 'Thanks, this is planned for the next release.', is_official: true },
    });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
});

describe('authentication', () => {
  it('sends the token as the access_token query parameter by default, and no Authorization header', async () => {
    const seen: Request[] = [];
    const spy = createUserEchoClient({ alias: 'demo', accessToken: 'test-token', baseUrl });
    spy.use({ onRequest: ({ request }) => void seen.push(request.clone()) });
    const { response } = await spy.GET('/users.json', { params: { query: { page: 11, limit: 2 } } });
    expect(response.status).toBe(200);
    const url = new URL(seen[0]?.url ?? '');
    expect(url.searchParams.get('access_token')).toBe('test-token');
    expect(url.searchParams.get('page')).toBe('11');
    expect(seen[0]?.headers.has('authorization')).toBe(false);
  });
  it("sends 'Authorization: Bearer' with tokenIn: 'header', and no access_token", async () => {
    const seen: Request[] = [];
    const spy = createUserEchoClient({ alias: 'demo', accessToken: 'test-token', tokenIn: 'header', baseUrl });
    spy.use({ onRequest: ({ request }) => void seen.push(request.clone()) });
    const { response } = await spy.GET('/users.json');
    expect(response.status).toBe(200);
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer test-token');
    expect(new URL(seen[0]?.url ?? '').searchParams.has('access_token')).toBe(false);
  });
  it('answers 401 when the query token is missing (middleware strips it)', async () => {
    const partial = createUserEchoClient({ alias: 'demo', accessToken: 'test-token', baseUrl });
    partial.use({
      onRequest: ({ request }) => {
        const url = new URL(request.url);
        url.searchParams.delete('access_token');
        return new Request(url, request);
      },
    });
    const { error, response } = await partial.GET('/users.json');
    expect(response.status).toBe(401);
    expect(error?.status).toBe('error');
    expect(error?.message).toBe('Invalid access token');
  });
  it('answers 401 to a URL built without the token', async () => {
    const response = await fetch(`${baseUrl}/users.json?page=1`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ status: 'error', message: 'Invalid access token' });
  });
  it('answers 401 when the Bearer header is missing', async () => {
    const partial = createUserEchoClient({ alias: 'demo', accessToken: 'test-token', tokenIn: 'header', baseUrl });
    partial.use({
      onRequest: ({ request }) => {
        request.headers.delete('Authorization');
        return request;
      },
    });
    const { error, response } = await partial.GET('/users/current.json');
    expect(response.status).toBe(401);
    expect(error?.message).toBe('Invalid access token');
  });
  it('refuses to build a client without a token, naming the option and not the value', () => {
    expect(() => createUserEchoClient({ alias: 'demo', accessToken: '' })).toThrow(EchoClientConfigError);
    let message = '';
    try {
      createUserEchoClient({ alias: 'secret-alias-value', accessToken: '  ' });
    } catch (error) {
      expect(error).toBeInstanceOf(EchoClientConfigError);
      message = error instanceof Error ? error.message : '';
    }
    expect(message).toMatch(/"accessToken"/);
    expect(message).not.toContain('secret-alias-value');
    expect(() => createUserEchoClient({ alias: '', accessToken: 'test-token' })).toThrow(/"alias"/);
    // @ts-expect-error accessToken is required by the type as well
    expect(() => createUserEchoClient({ alias: 'demo' })).toThrow(/"accessToken"/);
    // @ts-expect-error alias is required by the type as well
    expect(() => createUserEchoClient({ accessToken: 'test-token' })).toThrow(/"alias"/);
  });
});

describe('server URL', () => {
  it('without baseUrl calls https://<alias>.userecho.com/api/v2 (no network: a recording fetch)', async () => {
    const { requests, fetch } = recordingFetch();
    const live = createUserEchoClient({ alias: 'acme', accessToken: 'test-token', fetch });
    const { data, response } = await live.GET('/users/{user_id}.json', { params: { path: { user_id: 7966 } } });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0]?.url ?? '');
    expect(url.origin).toBe('https://acme.userecho.com');
    expect(url.pathname).toBe('/api/v2/users/7966.json');
    expect(url.searchParams.get('access_token')).toBe('test-token');
  });
  it('the header placement on the default URL', async () => {
    const { requests, fetch } = recordingFetch();
    const live = createUserEchoClient({ alias: 'acme-2', accessToken: 'test-token', tokenIn: 'header', fetch });
    await live.GET('/users.json');
    expect(requests[0]?.url).toBe('https://acme-2.userecho.com/api/v2/users.json');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer test-token');
  });
  it('refuses an alias that is not a subdomain label, without echoing it', () => {
    expect(() => createUserEchoClient({ alias: 'bad alias!', accessToken: 'test-token' })).toThrow(EchoClientConfigError);
    expect(() => createUserEchoClient({ alias: 'bad alias!', accessToken: 'test-token' })).toThrow(/"alias"/);
    expect(() => createUserEchoClient({ alias: 'evil.com/x', accessToken: 'test-token' })).toThrow(EchoClientConfigError);
    let message = '';
    try {
      createUserEchoClient({ alias: 'bad alias!', accessToken: 'test-token' });
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    expect(message).not.toContain('bad alias!');
  });
  it('the spec server URL is templated on the alias', () => {
    expect(userEchoVendor.serverUrl).toBe('https://{alias}.userecho.com/api/v2');
  });
});

describe('requests that break the spec get 4xx from the mock', () => {
  it('get_or_create without email', async () => {
    // @ts-expect-error email is required
    const { response, error } = await client.POST('/users/get_or_create.json', { body: { name: 'Jane Doe' } });
    expect(response.status).toBe(400);
    expect(error?.status).toBe('error');
  });
  it('get_or_create with an email that is not an email', async () => {
    // A format is not a type: this compiles, and the mock refuses it.
    const { response } = await client.POST('/users/get_or_create.json', { body: { email: 'not-an-email' } });
    expect(response.status).toBe(400);
  });
  it('topic create without header', async () => {
    // @ts-expect-error header is required
    const { response, error } = await client.POST('/forums/{forum_id}/topics.json', { params: { path: { forum_id: 1 } }, body: { type: 1 } });
    expect(response.status).toBe(400);
    expect(error?.message).toBe('header is required'); // this request's problem, not the documented example's (the mock front)
  });
  it('a topic search without query', async () => {
    // @ts-expect-error query is a required parameter
    const { response } = await client.GET('/forums/{forum_id}/topics/search.json', { params: { path: { forum_id: 1 } } });
    expect(response.status).toBe(400);
  });
  it('a users page with limit 0', async () => {
    const { response } = await client.GET('/users.json', { params: { query: { limit: 0 } } });
    expect(response.status).toBe(400);
  });
});

describe('misuse is a compile error (checked by tsc over this file; the calls never run)', () => {
  it('rejects wrong paths, missing path parameters and wrong body fields', () => {
    const misuse = () => {
      // @ts-expect-error the format suffix is part of the path
      void client.GET('/users');
      // @ts-expect-error the path parameter forum_id is missing
      void client.GET('/forums/{forum_id}/topics.json', {});
      // @ts-expect-error a topic's type is an integer id
      void client.POST('/forums/{forum_id}/topics.json', { params: { path: { forum_id: 1 } }, body: { header: 'Dark mode', type: 'idea' } });
    };
    expect(misuse).toBeTypeOf('function');
  });
});
