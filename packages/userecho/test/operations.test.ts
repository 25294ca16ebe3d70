// Every UserEcho operation called by name against Prism, next to the same call in the path style: the two
// must send the same request (method, URL, headers, body) and get the same answer. The table below must
// name every operation (the mapped type makes a missing or unknown one a compile error), so a new operation
// in the spec is tested here as soon as it is generated. Misuse of the operation methods is a compile error
// (the @ts-expect-error lines fail the typecheck if they compile).
import type { OperationInit, PageItem } from '@echo-openapi/runtime';
import { describeOperationsByName, recordingFetch } from '@echo-openapi/mock/vitest-operations';
import { describe, expect, expectTypeOf, inject, it } from 'vitest';
import { createUserEchoClient, userEchoVendor, paginate, type components, type OperationMethods, type operations } from '../src/index.js';

const baseUrl = inject('mockUrl');
const { sent, fetch: recordAndFetch } = recordingFetch();
const client = createUserEchoClient({
  ...{ alias: 'demo', accessToken: 'test-token' },
  baseUrl,
  fetch: recordAndFetch,
});

/** One valid call of every operation (the spec's examples for its required parameters and body). */
const examples = {
  listUsers: {},
  getCurrentUser: {},
  getUser: { path: { user_id: 7966 } },
  updateUser: { path: { user_id: 7966 }, body: {} },
  deleteUser: { path: { user_id: 7966 } },
  getUserBySsoGuid: { path: { sso_guid: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' } },
  logoutUser: { path: { user_id: 7966 } },
  getOrCreateUser: {
    body: {
      email: 'jane.doe@example.com',
      name: 'Jane Doe',
      language: 'en',
      email_verified: true,
      custom_fields: { cf_1: 'test', cf_2: 5 },
      send_new_user_invitation: false,
    },
  },
  getUserSubscriptions: { path: { user_id: 7966 } },
  updateUserSubscriptions: { path: { user_id: 7966 }, body: {} },
  addUserToGroup: { path: { user_id: 7966 }, body: {} },
  removeUserFromGroup: { path: { user_id: 7966 }, body: {} },
  listUserGroups: {},
  updateUserGroup: { body: {} },
  createUserGroup: { body: {} },
  deleteUserGroup: { body: {} },
  listForums: {},
  updateForum: { body: {} },
  createForum: {
    body: {
      name: 'Feature requests',
      type: 'PUBLIC',
      locale: 'en',
      allow_anonymous_topic: false,
      allow_anonymous_votes: false,
      allow_anonymous_comments: false,
    },
  },
  deleteForum: { body: {} },
  listForumTypes: { path: { forum_id: 1 } },
  listTypeStatuses: { path: { forum_id: 1, type_id: 1 } },
  listForumCategories: { path: { forum_id: 1 } },
  listTopics: { path: { forum_id: 1 } },
  updateTopic: { path: { forum_id: 1 }, body: { id: 1234, header: 'Dark mode for the agent dashboard', tags: [], assigned_to: 7966 } },
  createTopic: {
    path: { forum_id: 1 },
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
  },
  searchTopics: { path: { forum_id: 1 }, query: { query: 'dark mode' } },
  getTopic: { path: { topic_id: 1234 } },
  listComments: { path: { topic_id: 1234 } },
  createComment: { path: { topic_id: 1234 }, body: { text: 'Thanks, this is planned for the next release.', is_official: true } },
} satisfies { [Id in keyof OperationMethods]: OperationInit<operations[Id]> };

describeOperationsByName(client, userEchoVendor.operations, examples, sent);

describe('misuse is a compile error (checked by tsc over this file; the calls never run)', () => {
  it('unknown operations, missing or mistyped parameters and body fields, a body where none is taken, option typos', () => {
    const misuse = () => {
      // @ts-expect-error no such operation
      void client.getTopics({ path: { forum_id: 1 } });
      // @ts-expect-error listTopics needs forum_id
      void client.listTopics();
      // @ts-expect-error forum_id is an integer
      void client.listTopics({ path: { forum_id: 'one' } });
      // @ts-expect-error searchTopics needs its query
      void client.searchTopics({ path: { forum_id: 1 } });
      // @ts-expect-error a comment needs its text
      void client.createComment({ path: { topic_id: 1 }, body: { is_official: true } });
      // @ts-expect-error getTopic takes no body
      void client.getTopic({ path: { topic_id: 1 }, body: {} });
      // @ts-expect-error a per-call option typo (timeoutMs)
      void client.listForums({ timeout: 5_000 });
      // @ts-expect-error getTopic is not a paginated list
      void paginate(client.getTopic, { path: { topic_id: 1 } });
    };
    expect(misuse).toBeTypeOf('function');
  });

  it('answers are the spec’s types, and paginate() takes the method', async () => {
    const { data } = await client.getTopic({ path: { topic_id: 1234 } });
    const byPath = await client.GET('/topics/{topic_id}.json', { params: { path: { topic_id: 1234 } } });
    expectTypeOf(data).toEqualTypeOf(byPath.data);
    expect(data).toEqual(byPath.data);
    for await (const topic of paginate(client.listTopics, { path: { forum_id: 1 } }, { pageSize: 10, maxItems: 1 })) {
      // The same item type as paginate(client, 'listTopics') yields: the spec's Topic as a response reads it.
      expectTypeOf(topic).toEqualTypeOf<PageItem<typeof client, 'listTopics'>>();
      expectTypeOf(topic.header).toEqualTypeOf<components['schemas']['Topic']['header']>();
      expect(typeof topic.id).toBe('number');
    }
  });
});
