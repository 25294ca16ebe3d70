import type { OpenAPI3 } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import {
  buildApiModel,
  credentialParams,
  describeIssues,
  exampleOf,
  HTTP_METHODS,
  linksFrom,
  linkValues,
  removesResource,
  withLinkBody,
} from '../src/index.js';

const phone = { type: 'string', pattern: '^\\+[1-9]\\d{1,14}$' };
const contact = {
  type: 'object',
  required: ['id', 'name'],
  properties: { id: { type: 'string' }, name: { type: 'string', example: 'Ada' }, phone, note: { type: 'string', nullable: true } },
};
const error = { type: 'object', required: ['error'], properties: { error: { type: 'string' } } };

const document = {
  openapi: '3.0.3',
  info: { title: 'Toy', version: '1.2.3' },
  servers: [{ url: 'https://{host}.example.com/api/v2', variables: { host: { default: 'demo' } } }],
  security: [{ key: [] }, { token: [] }],
  components: {
    securitySchemes: {
      key: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      token: { type: 'apiKey', in: 'query', name: 'access_token' },
      bearer: { type: 'http', scheme: 'bearer' },
    },
  },
  paths: {
    '/contacts': {
      parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } }],
      get: {
        operationId: 'listContacts',
        parameters: [{ name: 'limit', in: 'query', description: 'page size', schema: { type: 'integer', minimum: 1, maximum: 50 } }],
        'x-pagination': { items: 'data', total: 'total' },
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: contact } } } } },
          },
        },
      },
      post: {
        operationId: 'createContact',
        'x-sandbox': { resource: 'contact', action: 'create' },
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, phone } } } },
        },
        responses: {
          '201': {
            description: 'created',
            headers: { 'X-RateLimit-Limit': { required: true, schema: { type: 'integer' } } },
            content: { 'application/json': { schema: contact } },
            links: {
              Read: { operationId: 'getContact', parameters: { contactId: '$response.body#/id' } },
              Search: { operationId: 'searchContacts', parameters: { 'header.X-Trace': '$response.body#/id' } },
              Rename: { operationId: 'createContact', requestBody: { name: '$response.body#/name', tags: ['$response.body#/id'] } },
              Gone: { operationId: 'noSuchOperation' },
            },
          },
          '400': { description: 'bad', content: { 'application/json': { schema: error, example: { error: 'Validation error' } } } },
        },
      },
    },
    '/contacts/search': {
      parameters: [{ name: 'x-trace', in: 'header', schema: { type: 'string' } }],
      get: {
        operationId: 'searchContacts',
        'x-idempotent': false,
        parameters: [{ name: 'X-Trace', in: 'header', description: 'own', schema: { type: 'string' } }],
        responses: { '200': { description: 'ok' } },
      },
    },
    '/contacts/{contactId}': {
      parameters: [{ name: 'contactId', in: 'path', required: true, schema: { type: 'string' } }],
      get: { operationId: 'getContact', security: [], responses: { '200': { description: 'ok' } } },
      delete: { operationId: 'deleteContact', security: [{ bearer: [] }], responses: { '204': { description: 'gone' } } },
    },
    '/users/{user_id}.json': {
      get: {
        operationId: 'getUser',
        parameters: [{ name: 'user_id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { '200': { description: 'ok' } },
      },
    },
  },
} as unknown as OpenAPI3;

const model = buildApiModel(document);

describe('buildApiModel', () => {
  it('normalizes every operation: merged parameters, security, idempotency and extensions', () => {
    expect(model.operations.map((op) => op.id)).toEqual([
      'listContacts',
      'createContact',
      'searchContacts',
      'getContact',
      'deleteContact',
      'getUser',
    ]);
    expect(model.serverUrl).toBe('https://demo.example.com/api/v2');
    expect(model.basePath).toBe('/api/v2');
    const list = model.operation('listContacts');
    expect(list.parameters).toHaveLength(1);
    expect(list.parameters[0]?.description).toBe('page size'); // the operation's parameter wins
    expect(list.pagination).toEqual({ items: 'data', total: 'total' });
    expect(list.security).toEqual([['key'], ['token']]);
    expect(model.operation('getContact').security).toEqual([]);
    expect(model.operation('getContact').parameters.map((p) => p.name)).toEqual(['contactId']);
    // Header names are case-insensitive: the operation's X-Trace replaces the path item's x-trace.
    expect(model.operation('searchContacts').parameters.map((p) => p.description)).toEqual(['own']);
    expect(model.operation('createContact').idempotent).toBe(false);
    expect(model.operation('deleteContact').idempotent).toBe(true);
    expect(model.operation('searchContacts').idempotent).toBe(false); // x-idempotent: false beats GET
    expect(model.operation('createContact').extensions['x-sandbox']).toEqual({ resource: 'contact', action: 'create' });
    expect(() => model.operation('nope')).toThrow(/Known: listContacts/);
    expect(HTTP_METHODS).toContain('patch');
  });

  it('refuses a document with $refs or a missing operationId', () => {
    expect(() => buildApiModel({ ...document, paths: { '/x': { $ref: '#/x' } } } as unknown as OpenAPI3)).toThrow(/dereferenced/);
    expect(() => buildApiModel({ ...document, paths: { '/x': { get: { responses: {} } } } } as unknown as OpenAPI3)).toThrow(
      /GET \/x has no operationId/,
    );
  });
});

describe('links', () => {
  it('reads each 2xx link to a known operation, with its values from the response body', () => {
    const [read, search, rename] = linksFrom(model, model.operation('createContact'));
    expect(model.links.map((l) => `${l.from.id}->${l.to.id}`)).toEqual([
      'createContact->getContact',
      'createContact->searchContacts',
      'createContact->createContact',
    ]);
    const created = { id: 'c-1/x', name: 'Ada' };
    expect(linkValues(read!, created)).toEqual({ path: { contactId: 'c-1/x' }, query: {}, header: {} });
    expect(linkValues(search!, created)?.header).toEqual({ 'X-Trace': 'c-1/x' });
    expect(linkValues(rename!, created)?.body).toEqual({ name: 'Ada', tags: ['c-1/x'] });
    expect(linkValues(read!, { name: 'no id' })).toBeUndefined();
    expect(withLinkBody({ name: 'Bob', phone: '+1555' }, { name: 'Ada' })).toEqual({ name: 'Ada', phone: '+1555' });
    // The whole body as one runtime expression (what OpenAPI 3.0 tools evaluate), laid over the generated body.
    const whole = { ...rename!, requestBody: '$response.body#/data' };
    expect(linkValues(whole, { data: { contact_id: 7 } })?.body).toEqual({ contact_id: 7 });
    expect(withLinkBody({ contact_id: 1, name: 'Bob' }, linkValues(whole, { data: { contact_id: 7 } })?.body)).toEqual({
      contact_id: 7,
      name: 'Bob',
    });
    expect(linkValues(whole, { other: 1 })).toBeUndefined();
    expect([removesResource(model.operation('deleteContact')), removesResource(model.operation('getContact'))]).toEqual([true, false]);
  });
});

describe('router', () => {
  it('prefers literal segments, decodes parameters and matches suffixed templates', () => {
    expect(model.router.match('GET', '/contacts/search')?.operation.id).toBe('searchContacts');
    expect(model.router.match('get', '/contacts/a%20b')).toMatchObject({ operation: { id: 'getContact' }, pathParams: { contactId: 'a b' } });
    expect(model.router.match('GET', '/users/42.json')).toMatchObject({ operation: { id: 'getUser' }, pathParams: { user_id: '42' } });
    expect(model.router.match('PUT', '/contacts/1')).toBeUndefined();
    expect(model.router.methodsFor('/contacts/1').sort()).toEqual(['delete', 'get']);
    expect(model.router.methodsFor('/nowhere')).toEqual([]);
  });
});

describe('validator.request', () => {
  const create = model.operation('createContact');
  const key = { 'x-api-key': 'k' };

  it('accepts a valid request and coerces parameters from strings', () => {
    expect(model.validator.request(create, { headers: key, body: { name: 'Ada', phone: '+14155551234' } })).toEqual([]);
    expect(model.validator.request(model.operation('listContacts'), { query: new URLSearchParams('limit=50&access_token=t') })).toEqual([]);
    expect(model.validator.request(model.operation('getUser'), { headers: key, pathParams: { user_id: '42' } })).toEqual([]);
  });

  it('names every broken field, bound, pattern and missing credential', () => {
    expect(model.validator.request(create, { body: { phone: '555' } })).toEqual([
      { in: 'security', name: 'key or token', message: 'credentials are missing' },
      { in: 'body', name: 'name', message: 'is required' },
      { in: 'body', name: 'phone', message: 'must match ^\\+[1-9]\\d{1,14}$' },
    ]);
    expect(model.validator.request(create, { headers: key })).toEqual([{ in: 'body', name: '', message: 'a request body is required' }]);
    expect(model.validator.request(create, { headers: key, contentType: 'text/plain', body: 'x' })[0]?.message).toMatch(/not accepted/);
    expect(model.validator.request(model.operation('listContacts'), { headers: key, query: { limit: '51' } })).toEqual([
      { in: 'query', name: 'limit', message: 'must be <= 50' },
    ]);
    expect(model.validator.request(model.operation('getUser'), { headers: key, pathParams: { user_id: 'abc' } })).toEqual([
      { in: 'path', name: 'user_id', message: 'must be integer' },
    ]);
    expect(
      model.validator.request(model.operation('deleteContact'), { headers: { authorization: 'Bearer ' }, pathParams: { contactId: '1' } })[0]?.in,
    ).toBe('security');
    expect(
      model.validator.request(model.operation('deleteContact'), { headers: { Authorization: 'Bearer t' }, pathParams: { contactId: '1' } }),
    ).toEqual([]);
  });
});

describe('validator.request: messages as the vendor would say them', () => {
  // EchoCue's send body: one of two shapes that differ only in which field is required.
  const shape = (required: string) => ({
    type: 'object',
    required: ['to', required],
    properties: {
      to: phone,
      message: { type: 'string' },
      template_id: { type: 'string' },
      options: { type: 'object', properties: { retries: { type: 'integer' } } },
    },
  });
  const body = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
  const send = buildApiModel({
    openapi: '3.0.3',
    info: { title: 'Send', version: '1.0.0' },
    paths: {
      '/send': {
        post: {
          operationId: 'send',
          requestBody: body({ anyOf: [shape('message'), shape('template_id')] }),
          responses: { '200': { description: 'ok' } },
        },
      },
      '/pick': {
        post: {
          operationId: 'pick',
          requestBody: body({
            oneOf: [
              { type: 'object', required: ['a'] },
              { type: 'object', required: ['b'] },
            ],
          }),
          responses: { '200': { description: 'ok' } },
        },
      },
      '/nested': {
        post: {
          operationId: 'nested',
          requestBody: body({ type: 'object', properties: { item: { anyOf: [{ type: 'string', maxLength: 3 }, { type: 'integer' }] } } }),
          responses: { '200': { description: 'ok' } },
        },
      },
    },
  } as unknown as OpenAPI3);
  const issues = (operation: string, value: unknown) => send.validator.request(send.operation(operation), { body: value });

  it('names each field once, says which of two fields is needed, and never says anyOf', () => {
    const found = issues('send', { to: '555' });
    expect(found).toEqual([
      { in: 'body', name: 'to', message: 'must match ^\\+[1-9]\\d{1,14}$' },
      { in: 'body', name: 'message or template_id', message: 'is required' },
    ]);
    expect(describeIssues(found)).toBe('to must match ^\\+[1-9]\\d{1,14}$; message or template_id is required');
  });

  it('reports only what is wrong when the shapes agree on it', () => {
    expect(issues('send', { to: '+14155551234', message: 5 })).toEqual([{ in: 'body', name: 'message', message: 'must be string' }]);
    expect(issues('send', { to: '+14155551234', template_id: '7', options: { retries: 'x' } })).toEqual([
      { in: 'body', name: 'options/retries', message: 'must be integer' },
    ]);
    expect(issues('send', { to: '+14155551234', message: 'hi' })).toEqual([]);
  });

  it('says a wrong body type once, about the body, with no empty field name in the sentence', () => {
    const found = issues('send', ['not', 'an', 'object']);
    expect(found).toEqual([{ in: 'body', name: '', message: 'the body must be object' }]);
    expect(describeIssues(found)).toBe('the body must be object');
  });

  it('explains a oneOf both shapes satisfy, and a nested anyOf by its closest shape', () => {
    expect(issues('pick', { a: 1, b: 2 })).toEqual([
      { in: 'body', name: '', message: 'the body fits more than one of its accepted forms; send the fields of one only' },
    ]);
    expect(issues('nested', { item: 'long' })).toEqual([{ in: 'body', name: 'item', message: 'must NOT have more than 3 characters' }]);
    for (const found of [issues('send', { to: '555' }), issues('pick', {}), issues('nested', { item: true })])
      expect(describeIssues(found)).not.toMatch(/anyOf|oneOf|schema|; *;|^ | {2}/);
  });
});

describe('validator.response', () => {
  const create = model.operation('createContact');
  it('checks status, required headers, media type and the body schema', () => {
    const ok = {
      statusCode: 201,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-RateLimit-Limit': '100' },
      body: '{"id":"1","name":"Ada","note":null}',
    };
    expect(model.validator.response(create, '201', ok)).toEqual([]);
    expect(model.validator.response(create, '201', { ...ok, headers: { 'content-type': 'application/json' } })).toEqual([
      'header X-RateLimit-Limit is missing',
    ]);
    expect(model.validator.response(create, '201', { ...ok, body: '{"id":1}' })).toEqual(['body /name is required', 'body /id must be string']);
    expect(model.validator.response(create, '201', { ...ok, headers: { ...ok.headers, 'Content-Type': 'text/html' } })[0]).toMatch(
      /content-type "text\/html"/,
    );
    expect(model.validator.response(create, '201', { ...ok, statusCode: 500 })).toEqual(['status 500, expected 201']);
    expect(model.validator.response(create, '201', { ...ok, body: '{' })).toEqual(['body is not valid JSON']);
  });
});

describe('credentialParams and exampleOf', () => {
  it('places the first satisfiable alternative', () => {
    expect(credentialParams(model, [['key'], ['token']], { token: 't' })).toEqual({ headers: {}, query: { access_token: 't' } });
    expect(credentialParams(model, [['bearer']], { bearer: 'b' })).toEqual({ headers: { Authorization: 'Bearer b' }, query: {} });
    expect(credentialParams(model, [['bearer']], {})).toBeUndefined();
    expect(credentialParams(model, [], {})).toEqual({ headers: {}, query: {} });
  });

  it('renders the documented example, else one synthesized from the schema that validates', () => {
    const create = model.operation('createContact');
    expect(exampleOf(create.responses['400']?.content?.['application/json'])).toEqual({ error: 'Validation error' });
    const synthesized = exampleOf(create.responses['201']?.content?.['application/json']);
    expect(synthesized).toEqual({ id: 'string', name: 'Ada' });
    expect(model.validator.schema(create.responses['201']!.content!['application/json']!.schema!)(synthesized).valid).toBe(true);
    expect(exampleOf({ type: 'string', pattern: '^\\+[1-9]\\d{1,14}$' })).toBe('+14155551234');
  });
});
