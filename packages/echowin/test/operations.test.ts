// Every echowin operation called by name against Prism, next to the same call in the path style: the two
// must send the same request (method, URL, headers, body) and get the same answer. The table below must
// name every operation (the mapped type makes a missing or unknown one a compile error), so a new operation
// in the spec is tested here as soon as it is generated. Misuse of the operation methods is a compile error
// (the @ts-expect-error lines fail the typecheck if they compile).
import type { OperationInit } from '@echo-openapi/runtime';
import { describeOperationsByName, recordingFetch } from '@echo-openapi/mock/vitest-operations';
import { describe, expect, expectTypeOf, inject, it } from 'vitest';
import { createEchowinClient, echowinVendor, paginate, type components, type OperationMethods, type operations } from '../src/index.js';

const baseUrl = inject('mockUrl');
const { sent, fetch: recordAndFetch } = recordingFetch();
const client = createEchowinClient({
  ...{ apiKey: 'test-key', agencyKey: 'test-agency-key' },
  baseUrl,
  fetch: recordAndFetch,
});

/** One valid call of every operation (the spec's examples for its required parameters and body). */
const examples = {
  listContacts: {},
  createContact: {
    body: { firstName: 'John', lastName: 'Doe', email: 'john.doe@example.com', number: '+15551234567', carrier: 'AT&T', tagNames: ['New Customer'] },
  },
  bulkCreateContacts: {
    body: {
      contacts: [
        { firstName: 'John', lastName: 'Doe', email: 'john.doe@example.com', number: '+15551234567' },
        { firstName: 'Jane', lastName: 'Smith', email: 'jane.smith@example.com', number: '+15557654321', tagNames: ['Lead'] },
      ],
    },
  },
  listCustomFieldSchemas: {},
  getContact: { path: { contactId: '123e4567-e89b-12d3-a456-426614174000' } },
  updateContact: {
    path: { contactId: '123e4567-e89b-12d3-a456-426614174000' },
    body: { lastName: 'Smith', customFields: { company: 'New Company' }, tagNames: ['VIP', 'Customer'] },
  },
  deleteContact: { path: { contactId: '123e4567-e89b-12d3-a456-426614174000' } },
  listContactNotes: { path: { contactId: '123e4567-e89b-12d3-a456-426614174000' } },
  createContactNote: {
    path: { contactId: '123e4567-e89b-12d3-a456-426614174000' },
    body: { note: 'Customer interested in enterprise plan', type: 'INFO' },
  },
  listContactAssignments: { path: { contactId: '123e4567-e89b-12d3-a456-426614174000' } },
  replaceContactAssignments: { path: { contactId: '123e4567-e89b-12d3-a456-426614174000' }, body: { userIds: ['user-id'] } },
  addContactAssignments: { path: { contactId: '123e4567-e89b-12d3-a456-426614174000' }, body: { userIds: ['user-id'] } },
  listContactBoards: { path: { contactId: '123e4567-e89b-12d3-a456-426614174000' } },
  replaceContactBoards: { path: { contactId: '123e4567-e89b-12d3-a456-426614174000' }, body: { boardIds: ['board-id-789'] } },
  assignContactBoards: { path: { contactId: '123e4567-e89b-12d3-a456-426614174000' }, body: { boardIds: ['board-id-123', 'board-id-456'] } },
  removeContactFromAllBoards: { path: { contactId: '123e4567-e89b-12d3-a456-426614174000' } },
  listTags: {},
  createTag: { body: { name: 'Premium', color: '#10B981' } },
  listBoards: {},
  createAgencySubteam: {
    body: {
      firstName: 'John',
      lastName: 'Doe',
      teamName: 'Acme Dental',
      email: 'john.doe@example.com',
      totalMonthlyCredits: 1000,
      accessConfig: {
        users: true,
        instructions: true,
        instructionsWrite: false,
        testing: true,
        knowledgeBase: true,
        agentConfiguration: false,
        agentCreation: false,
      },
    },
  },
} satisfies { [Id in keyof OperationMethods]: OperationInit<operations[Id]> };

describeOperationsByName(client, echowinVendor.operations, examples, sent);

describe('misuse is a compile error (checked by tsc over this file; the calls never run)', () => {
  it('unknown operations, missing or mistyped parameters and body fields, a body where none is taken, option typos', () => {
    const misuse = () => {
      // @ts-expect-error no such operation
      void client.listContact();
      // @ts-expect-error getContact needs its path parameter
      void client.getContact();
      // @ts-expect-error contactId is missing
      void client.getContact({ path: {} });
      // @ts-expect-error limit is a number
      void client.listContacts({ query: { limit: '20' } });
      // @ts-expect-error sortOrder is asc | desc
      void client.listContacts({ query: { sortOrder: 'up' } });
      // @ts-expect-error a contact needs its number
      void client.createContact({ body: { firstName: 'Ada' } });
      // @ts-expect-error getContact takes no body
      void client.getContact({ path: { contactId: 'c' }, body: {} });
      // @ts-expect-error a per-call option typo (retry)
      void client.listContacts({ retries: false });
      // @ts-expect-error getContact is not a paginated list
      void paginate(client.getContact, { path: { contactId: 'c' } });
      // @ts-expect-error paginate() checks the method's init too
      void paginate(client.listContacts, { query: { sortOrder: 'up' } });
    };
    expect(misuse).toBeTypeOf('function');
  });

  it('answers are the spec’s types, and paginate() takes the method', async () => {
    const { data } = await client.getContact({ path: { contactId: '123e4567-e89b-12d3-a456-426614174000' } });
    const byPath = await client.GET('/contacts/{contactId}', { params: { path: { contactId: '123e4567-e89b-12d3-a456-426614174000' } } });
    expectTypeOf(data).toEqualTypeOf(byPath.data);
    expect(data).toEqual(byPath.data);
    for await (const contact of paginate(client.listContacts, { query: { sortOrder: 'asc' } }, { pageSize: 10, maxItems: 1 })) {
      expectTypeOf(contact).toEqualTypeOf<components['schemas']['Contact']>();
      expect(typeof contact.id).toBe('string');
    }
  });
});
