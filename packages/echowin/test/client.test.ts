// The echowin client against Prism serving specs/echowin: one test per operation, asserting the typed
// fields of what comes back, then authentication (X-API-Key everywhere, X-AGENCY-KEY only on the Agency
// API), the rate-limit headers, and requests that break the spec.
import { EchoAuthError, EchoClientConfigError } from '@echo-openapi/runtime';
import { describe, expect, expectTypeOf, inject, it } from 'vitest';
import { createEchowinClient, echowinVendor, paginate, type components } from '../src/index.js';

const baseUrl = inject('mockUrl');
const client = createEchowinClient({ apiKey: 'test-key', baseUrl });
const contactId = '123e4567-e89b-12d3-a456-426614174000';

const subteam = {
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
};

describe('contacts', () => {
  it('listContacts', async () => {
    const { data, response } = await client.GET('/contacts', {
      params: { query: { page: 1, limit: 20, search: 'John', sortBy: 'createdAt', sortOrder: 'desc', tagIds: 'tag-id-1,tag-id-2' } },
    });
    expect(response.status).toBe(200);
    expect(data?.data[0]?.firstName).toBe('John');
    expect(data?.data[0]?.number).toBe('+15551234567');
    expect(data?.data[0]?.customFields).toEqual({ company: 'Acme Corp', role: 'Manager' });
    expect(data?.data[0]?.tags.map((tag) => tag.name)).toEqual(['VIP', 'Lead']);
    expect(data?.data[0]?.crmStage).toEqual({ id: 'stage-id', name: 'Lead' });
    expect(data?.pagination).toEqual({ page: 1, limit: 20, totalCount: 150, totalPages: 8 });
    expect(data?.customFieldSchemas[0]).toEqual({ id: 'field-id', name: 'company', label: 'Company', type: 'text', required: false });
    expect(data?.availableTags[1]?.color).toBe('#3B82F6');
  });
  it('createContact', async () => {
    const { data, response } = await client.POST('/contacts', {
      body: {
        firstName: 'John',
        lastName: 'Doe',
        email: 'john.doe@example.com',
        number: '+15551234567',
        carrier: 'AT&T',
        tagNames: ['New Customer'],
      },
    });
    expect(response.status).toBe(201);
    expect(data?.message).toBe('Contact created successfully');
    expect(data?.data.id).toBe(contactId);
    expect(data?.data.carrier).toBe('AT&T');
    expect(data?.data.customFields).toEqual({});
    expect(data?.data.tags).toEqual([{ id: 'tag-id-1', name: 'New Customer', color: '#3B82F6' }]);
  });
  it('bulkCreateContacts', async () => {
    const { data, response } = await client.POST('/contacts/bulk', {
      body: {
        contacts: [
          { firstName: 'John', lastName: 'Doe', email: 'john.doe@example.com', number: '+15551234567' },
          { firstName: 'Jane', lastName: 'Smith', email: 'jane.smith@example.com', number: '+15557654321', tagNames: ['Lead'] },
        ],
      },
    });
    expect(response.status).toBe(201);
    expect(data?.message).toBe('Bulk contact creation completed');
    expect(data?.summary).toEqual({ requested: 2, created: 2, errors: 0 });
  });
  it('listCustomFieldSchemas', async () => {
    const { data, response } = await client.GET('/contacts/custom-fields');
    expect(response.status).toBe(200);
    expect(data?.data[0]?.placeholder).toBe('Enter company name');
    expect(data?.data[1]?.required).toBe(true);
    expect(data?.data[1]?.options).toEqual(['Manager', 'Employee', 'Executive']);
    expect(data?.data[1]?.order).toBe(2);
  });
  it('getContact', async () => {
    const { data, response } = await client.GET('/contacts/{contactId}', { params: { path: { contactId } } });
    expect(response.status).toBe(200);
    expect(data?.data.id).toBe(contactId);
    expect(data?.data.lastName).toBe('Doe');
    expect(data?.data.notes?.[0]?.note).toBe('Interested in premium plan');
    expect(data?.customFieldSchemas).toEqual([]);
    expect(data?.availableTags).toHaveLength(2);
  });
  it('getContact answers the documented 404 when asked for it', async () => {
    const { error, response } = await client.GET('/contacts/{contactId}', {
      params: { path: { contactId: 'missing' } },
      headers: { Prefer: 'code=404' },
    });
    expect(response.status).toBe(404);
    expect(error?.error).toBe('Contact not found');
  });
  it('updateContact', async () => {
    const { data, response } = await client.PUT('/contacts/{contactId}', {
      params: { path: { contactId } },
      body: { lastName: 'Smith', customFields: { company: 'New Company' }, tagNames: ['VIP', 'Customer'] },
    });
    expect(response.status).toBe(200);
    expect(data?.message).toBe('Contact updated successfully');
    expect(data?.data.lastName).toBe('Smith');
    expect(data?.data.customFields).toEqual({ company: 'New Company' });
    expect(data?.data.tags[1]).toEqual({ id: 'tag-id-2', name: 'Customer', color: '#F59E0B' });
  });
  it('deleteContact', async () => {
    const { data, response } = await client.DELETE('/contacts/{contactId}', { params: { path: { contactId } } });
    expect(response.status).toBe(200);
    expect(data?.message).toBe('Contact deleted successfully');
  });
});

describe('notes', () => {
  it('listContactNotes', async () => {
    const { data, response } = await client.GET('/contacts/{contactId}/notes', { params: { path: { contactId } } });
    expect(response.status).toBe(200);
    expect(data?.data.map((note) => note.type)).toEqual(['INFO', 'WARNING']);
    expect(data?.data[1]?.note).toBe('Follow up needed');
    expect(data?.data[1]?.creator.firstName).toBe('Jane');
  });
  it('createContactNote', async () => {
    const { data, response } = await client.POST('/contacts/{contactId}/notes', {
      params: { path: { contactId } },
      body: { note: 'Customer interested in enterprise plan', type: 'INFO' },
    });
    expect(response.status).toBe(201);
    expect(data?.message).toBe('Note created successfully');
    expect(data?.data).toMatchObject({ id: 'new-note-id', note: 'Customer interested in enterprise plan', type: 'INFO' });
    expect(data?.data.creator.email).toBe('john.doe@example.com');
  });
});

describe('assignments', () => {
  it('listContactAssignments', async () => {
    const { data, response } = await client.GET('/contacts/{contactId}/assignments', { params: { path: { contactId } } });
    expect(response.status).toBe(200);
    expect(data?.data).toHaveLength(2);
    expect(data?.data[0]?.user.picture).toBeNull();
    expect(data?.data[1]?.user.picture).toBe('https://example.com/avatar.jpg');
    expect(data?.data[1]?.userId).toBe('user-id-2');
  });
  it('addContactAssignments', async () => {
    const { data, response } = await client.POST('/contacts/{contactId}/assignments', {
      params: { path: { contactId } },
      body: { userIds: ['user-id'] },
    });
    expect(response.status).toBe(201);
    expect(data?.message).toBe('Added 1 assignment(s)');
    expect(data?.data[0]).toMatchObject({ id: 'assignment-id', contactId: 'contact-id', userId: 'user-id' });
  });
  it('replaceContactAssignments', async () => {
    const { data, response } = await client.PUT('/contacts/{contactId}/assignments', {
      params: { path: { contactId } },
      body: { userIds: ['user-id'] },
    });
    expect(response.status).toBe(200);
    expect(data?.message).toBe('Assignments updated successfully');
    expect(data?.data[0]?.user.lastName).toBe('Doe');
  });
});

describe('boards', () => {
  it('listBoards', async () => {
    const { data, response } = await client.GET('/boards');
    expect(response.status).toBe(200);
    expect(data?.data.map((board) => board.name)).toEqual(['Sales Pipeline', 'Support Queue']);
    expect(data?.data[0]?.customFieldSchema.options?.fields[1]?.options).toEqual(['Lead', 'Qualified', 'Proposal', 'Closed']);
    expect(data?.data[0]?.contactCount).toBe(45);
    expect(data?.data[1]?.updatedAt).toBeUndefined();
  });
  it('listContactBoards', async () => {
    const { data, response } = await client.GET('/contacts/{contactId}/boards', { params: { path: { contactId } } });
    expect(response.status).toBe(200);
    expect(data?.data).toHaveLength(1);
    expect(data?.data[0]?.id).toBe('board-id-123');
    expect(data?.data[0]?.customFieldSchema.label).toBe('Sales Fields');
  });
  it('assignContactBoards (200, not 201)', async () => {
    const { data, response } = await client.POST('/contacts/{contactId}/boards', {
      params: { path: { contactId } },
      body: { boardIds: ['board-id-123', 'board-id-456'] },
    });
    expect(response.status).toBe(200);
    expect(data?.data.message).toBe('Contact assigned to 2 boards successfully');
    expect(data?.data.boards).toEqual([
      { id: 'board-id-123', name: 'Sales Pipeline' },
      { id: 'board-id-456', name: 'Support Queue' },
    ]);
  });
  it('replaceContactBoards', async () => {
    const { data, response } = await client.PUT('/contacts/{contactId}/boards', {
      params: { path: { contactId } },
      body: { boardIds: ['board-id-789'] },
    });
    expect(response.status).toBe(200);
    expect(data?.data).toEqual({
      message: 'Contact board assignments updated successfully',
      removedFrom: 2,
      addedTo: 1,
      boards: [{ id: 'board-id-789', name: 'Customer Success' }],
    });
  });
  it('removeContactFromAllBoards', async () => {
    const { data, response } = await client.DELETE('/contacts/{contactId}/boards', { params: { path: { contactId } } });
    expect(response.status).toBe(200);
    expect(data?.data.removedFrom).toBe(3);
    expect(data?.data.message).toBe('Contact removed from all boards successfully');
  });
});

describe('tags', () => {
  it('listTags', async () => {
    const { data, response } = await client.GET('/tags');
    expect(response.status).toBe(200);
    expect(data?.data[0]).toMatchObject({ id: 'tag-id-1', name: 'VIP', color: '#10B981', contactCount: 25 });
    expect(data?.data[1]?.contactCount).toBe(150);
  });
  it('createTag', async () => {
    const { data, response } = await client.POST('/tags', { body: { name: 'Premium', color: '#10B981' } });
    expect(response.status).toBe(201);
    expect(data?.message).toBe('Tag created successfully');
    expect(data?.data).toMatchObject({ id: 'new-tag-id', name: 'Premium', color: '#10B981' });
  });
});

describe('agency', () => {
  it('createAgencySubteam (201, permissive body with an empty example)', async () => {
    const agency = createEchowinClient({ apiKey: 'test-key', agencyKey: 'agency-key', baseUrl });
    const { data, response } = await agency.POST('/agency/subteams', { body: subteam });
    expect(response.status).toBe(201);
    expect(data).toEqual({});
    expect(data?.message).toBeUndefined();
  });
});

describe('rate-limit headers', () => {
  it('are on a successful response', async () => {
    const { response } = await client.GET('/tags');
    expect(response.headers.get('X-RateLimit-Limit')).toBe('1000');
    expect(response.headers.get('X-RateLimit-Remaining')).toBe('999');
    expect(response.headers.get('X-RateLimit-Reset')).toBe('1704070800');
  });
  it('are on an error response too, and the 429 adds Retry-After', async () => {
    const { response, error } = await client.GET('/tags', { headers: { Prefer: 'code=429' } });
    expect(response.status).toBe(429);
    expect(error?.error).toBe('Rate limit exceeded. Please try again later.');
    expect(response.headers.get('Retry-After')).toBe('60');
    expect(response.headers.get('X-RateLimit-Remaining')).not.toBeNull();
  });
  it('are described as data for the runtime', () => {
    expect(echowinVendor.rateLimits?.headers).toMatchObject({
      limit: 'X-RateLimit-Limit',
      remaining: 'X-RateLimit-Remaining',
      reset: 'X-RateLimit-Reset',
    });
  });
});

describe('authentication', () => {
  it('sends X-API-Key on Contacts API calls, and never the agency key', async () => {
    const seen: Headers[] = [];
    const spy = createEchowinClient({ apiKey: 'test-key', agencyKey: 'agency-key', baseUrl });
    spy.use({ onRequest: ({ request }) => void seen.push(new Headers(request.headers)) });
    const { response } = await spy.GET('/contacts');
    expect(response.status).toBe(200);
    expect(seen[0]?.get('x-api-key')).toBe('test-key');
    expect(seen[0]?.has('x-agency-key')).toBe(false);
  });
  it('sends X-AGENCY-KEY and not X-API-Key on the Agency API', async () => {
    const seen: Headers[] = [];
    const spy = createEchowinClient({ apiKey: 'test-key', agencyKey: 'agency-key', baseUrl });
    spy.use({ onRequest: ({ request }) => void seen.push(new Headers(request.headers)) });
    const { response } = await spy.POST('/agency/subteams', { body: subteam });
    expect(response.status).toBe(201);
    expect(seen[0]?.get('x-agency-key')).toBe('agency-key');
    expect(seen[0]?.has('x-api-key')).toBe(false);
  });
  it('rejects an Agency API call with EchoAuthError, before any request, when the client has no agencyKey', async () => {
    const sent: string[] = [];
    const noAgency = createEchowinClient({
      apiKey: 'test-key',
      baseUrl,
      fetch: (input: Request) => {
        sent.push(input.url);
        return fetch(input);
      },
    });
    const call = noAgency.POST('/agency/subteams', { body: subteam });
    await expect(call).rejects.toBeInstanceOf(EchoAuthError);
    await expect(call).rejects.toMatchObject({ operationId: 'createAgencySubteam', missing: [['agencyKey']] });
    await expect(call).rejects.toThrow(/X-AGENCY-KEY/);
    expect(sent).toEqual([]);
  });
  it.each([
    ['/contacts', 'X-API-Key'],
    ['/tags', 'X-API-Key'],
  ] as const)('answers 401 on GET %s when the request has no %s', async (path, header) => {
    const partial = createEchowinClient({ apiKey: 'test-key', baseUrl });
    partial.use({
      onRequest: ({ request }) => {
        request.headers.delete(header);
        return request;
      },
    });
    const { error, response } = await partial.GET(path);
    expect(response.status).toBe(401);
    expect(error?.error).toBe('Missing X-API-Key header');
  });
  it('answers 401 on the Agency API when the request has no X-AGENCY-KEY', async () => {
    const partial = createEchowinClient({ apiKey: 'test-key', agencyKey: 'agency-key', baseUrl });
    partial.use({
      onRequest: ({ request }) => {
        request.headers.delete('X-AGENCY-KEY');
        return request;
      },
    });
    const { error, response } = await partial.POST('/agency/subteams', { body: subteam });
    expect(response.status).toBe(401);
    expect(error?.error).toBe('Missing X-AGENCY-KEY header');
  });
  it('refuses to build a client with an empty credential, naming the option and not the value', () => {
    expect(() => createEchowinClient({ apiKey: '' })).toThrow(EchoClientConfigError);
    expect(() => createEchowinClient({ apiKey: '   ' })).toThrow(/"apiKey"/);
    let message = '';
    try {
      createEchowinClient({ apiKey: 'team-secret-value', agencyKey: '' });
    } catch (error) {
      expect(error).toBeInstanceOf(EchoClientConfigError);
      message = error instanceof Error ? error.message : '';
    }
    expect(message).toMatch(/"agencyKey"/);
    expect(message).not.toContain('team-secret-value');
    // @ts-expect-error apiKey is required by the type as well
    expect(() => createEchowinClient({ agencyKey: 'agency-key' })).toThrow(/"apiKey"/);
  });
  it('defaults to the spec server URL', () => {
    expect(echowinVendor.serverUrl).toBe('https://echo.win/api/v1');
  });
});

describe('requests that break the spec get 4xx from the mock', () => {
  it('limit above 100 on the contacts list', async () => {
    // A bound is not a type: this compiles, and the mock (like the API) refuses it.
    const { response, error } = await client.GET('/contacts', { params: { query: { limit: 101 } } });
    // Every echowin call that takes input documents the vendor's 400, so the mock answers it (not its own 422).
    expect(response.status).toBe(400);
    expect(error?.error).toBe('Validation error');
  });
  it('a note with no text', async () => {
    // @ts-expect-error note is required
    const { response, error } = await client.POST('/contacts/{contactId}/notes', { params: { path: { contactId } }, body: { type: 'INFO' } });
    expect(response.status).toBe(400);
    expect(error?.error).toBe('Validation error');
  });
  it('a contact with no number', async () => {
    // @ts-expect-error number is required
    const { response, error } = await client.POST('/contacts', { body: { firstName: 'John', lastName: 'Doe' } });
    expect(response.status).toBe(400);
    expect(error?.error).toBe('Validation error');
  });
  it('a tag colour that is not #RRGGBB', async () => {
    const { response } = await client.POST('/tags', { body: { name: 'Premium', color: 'green' } });
    expect(response.status).toBe(400);
  });
  it('more than 100 contacts in one bulk request', async () => {
    const contacts = Array.from({ length: 101 }, (_, i) => ({ number: `+1555000${String(i).padStart(4, '0')}` }));
    const { response, error } = await client.POST('/contacts/bulk', { body: { contacts } });
    expect(response.status).toBe(400);
    expect(error?.error).toBe('Validation error');
  });
});

describe('misuse is a compile error (checked by tsc over this file; the calls never run)', () => {
  it('rejects wrong paths, missing path parameters and wrong body fields', () => {
    const misuse = () => {
      // @ts-expect-error no such path
      void client.GET('/contact');
      // @ts-expect-error the path parameter contactId is missing
      void client.GET('/contacts/{contactId}', {});
      // @ts-expect-error sortOrder is asc | desc
      void client.GET('/contacts', { params: { query: { sortOrder: 'up' } } });
      // @ts-expect-error a note's type is GENERAL | INFO | WARNING | DANGER
      void client.POST('/contacts/{contactId}/notes', { params: { path: { contactId: 'c' } }, body: { note: 'x', type: 'URGENT' } });
    };
    expect(misuse).toBeTypeOf('function');
  });

  it('rejects per-call option typos and wrong types, and paginate() ids that are not paginated lists', () => {
    const misuse = () => {
      // @ts-expect-error timeoutMs is a number of ms or false
      void client.GET('/contacts', { timeoutMs: 'soon' });
      // @ts-expect-error an unknown per-call key (a typo of timeoutMs)
      void client.GET('/contacts', { timeoutMS: 5_000 });
      // @ts-expect-error retry.attempts is a number
      void client.GET('/contacts', { retry: { attempts: '5' } });
      // @ts-expect-error getContact is not a paginated operation
      void paginate(client, 'getContact');
      // @ts-expect-error sortOrder is asc | desc, also through paginate()
      void paginate(client, 'listContacts', { params: { query: { sortOrder: 'up' } } });
    };
    expect(misuse).toBeTypeOf('function');
  });
});

describe('paginate()', () => {
  it('walks listContacts with items typed as the spec’s Contact, and stops at maxItems', async () => {
    const contacts: components['schemas']['Contact'][] = [];
    for await (const contact of paginate(client, 'listContacts', { params: { query: { sortOrder: 'asc' } } }, { pageSize: 10, maxItems: 1 })) {
      expectTypeOf(contact).toEqualTypeOf<components['schemas']['Contact']>();
      contacts.push(contact);
    }
    expect(contacts).toHaveLength(1);
    expect(typeof contacts[0]?.id).toBe('string');
  });
});
