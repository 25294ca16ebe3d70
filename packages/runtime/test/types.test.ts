// What the compiler accepts and refuses: per-call options are exact and typed (a typo or a wrong type is a
// compile error, proved by @ts-expect-error, which itself fails the typecheck if the line compiles), and
// paginate() takes only the client's paginated operation ids and yields the spec's item type.
import { describe, expectTypeOf, it } from 'vitest';
import { createVendorClient, paginate, paginatePages, type EchoCallOptions, type Page } from '../src/index.js';
import { echowin } from './fixtures.js';

interface Contact {
  id: number;
  name: string;
}
interface ContactPage {
  data: Contact[];
  pagination?: { totalCount: number; totalPages: number };
}
/** openapi-typescript's shape for two operations of echowin. */
interface Paths {
  '/contacts': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: { page?: number; limit?: number; search?: string }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: { [name: string]: unknown }; content: { 'application/json': ContactPage } } };
    };
    post: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: { content: { 'application/json': { name: string } } };
      responses: { 201: { headers: { [name: string]: unknown }; content: { 'application/json': { data: Contact } } } };
    };
    put?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
/** What codegen emits from x-pagination. */
interface Paginated {
  listContacts: { method: 'get'; path: '/contacts'; items: 'data' };
}

const client = createVendorClient<Paths, Paginated>(echowin, { apiKey: 'k', baseUrl: 'http://127.0.0.1:9' });

describe('per-call options', () => {
  it('are typed and exact, next to openapi-fetch’s own typing', () => {
    // Compile-time only: the calls are built in functions that never run.
    const calls = () => {
      void client.GET('/contacts', { params: { query: { page: 2 } }, timeoutMs: 5_000, retry: { attempts: 5 }, throwOnError: true });
      void client.POST('/contacts', { body: { name: 'Ada' }, retry: { nonIdempotent: true } });
      void client.GET('/contacts', { signal: AbortSignal.timeout(1000), retry: false, timeoutMs: false });
      // @ts-expect-error timeoutMs is a number of ms or false
      void client.GET('/contacts', { timeoutMs: 'soon' });
      // @ts-expect-error retry.attempts is a number
      void client.GET('/contacts', { retry: { attempts: '5' } });
      // @ts-expect-error an unknown key is a typo
      void client.GET('/contacts', { bogus: 1 });
      // @ts-expect-error a typo of a per-call option
      void client.GET('/contacts', { timeoutMS: 1000 });
      // @ts-expect-error a typo next to valid keys (openapi-fetch alone accepts any extra key)
      void client.GET('/contacts', { params: { query: { page: 2 } }, timeoutMS: 1000 });
      // @ts-expect-error openapi-fetch's own checks stay: the body needs `name`
      void client.POST('/contacts', { body: {} });
      // @ts-expect-error and the query is the operation's
      void client.GET('/contacts', { params: { query: { pag: 2 } } });
    };
    expectTypeOf(calls).toBeFunction();
    expectTypeOf<EchoCallOptions['timeoutMs']>().toEqualTypeOf<number | false | undefined>();
  });

  it('responses keep openapi-fetch’s data typing', () => {
    type Result = Awaited<ReturnType<typeof client.GET<'/contacts', {}>>>;
    expectTypeOf<NonNullable<Result['data']>>().toEqualTypeOf<ContactPage>();
  });
});

describe('paginate()', () => {
  it('accepts only paginated operation ids, checks init against the operation, and yields the item type', () => {
    const walks = async () => {
      for await (const contact of paginate(client, 'listContacts', { params: { query: { search: 'a' } } }, { pageSize: 100, maxItems: 250 })) {
        expectTypeOf(contact).toEqualTypeOf<Contact>();
      }
      for await (const page of paginatePages(client, 'listContacts')) expectTypeOf(page).toEqualTypeOf<Page<Contact, ContactPage>>();
      // @ts-expect-error not a paginated operation of this client (a typo)
      paginate(client, 'listContact');
      // @ts-expect-error init is checked against the operation's parameters
      paginate(client, 'listContacts', { params: { query: { serch: 'a' } } });
      // @ts-expect-error and the per-call options too
      paginate(client, 'listContacts', { timeoutMs: 'soon' });
    };
    expectTypeOf(walks).toBeFunction();
  });
});
