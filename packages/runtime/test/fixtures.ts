import type { PaginatedOperation, VendorMetadata } from '../src/index.js';

/** Test credentials: the leak check fails the suite if any of them shows up in an error or a log line. */
export const SECRETS = {
  echoCueKey: 'ecue-key-5f2b9c1d7e3a',
  echoCueSecret: 'ecue-secret-8a7d6c5b4a39',
  echowinKey: 'ewin-key-1c2d3e4f5a6b',
  echowinAgency: 'ewin-agency-9z8y7x6w5v',
  echoCommKey: 'ecomm-key-77aa88bb99cc',
  // Characters that change under URL encoding, so the encoded form is checked too.
  userEchoToken: 'ue-tok/en+0f1e2d3c4b5a',
} as const;

/** EchoCue: bearer key + X-API-SECRET, 60/min and 10,000/day, `{status_id, message, data}` errors. */
export const echoCue: VendorMetadata = {
  id: 'echocue',
  title: 'EchoCue',
  serverUrl: 'https://api.echocue.com:5501/v1',
  serverVariables: {},
  securitySchemes: {
    bearerAuth: { type: 'http', scheme: 'bearer' },
    apiSecret: { type: 'apiKey', in: 'header', name: 'X-API-SECRET' },
  },
  credentials: { apiKey: { scheme: 'bearerAuth', required: true }, apiSecret: { scheme: 'apiSecret', required: true } },
  rateLimits: {
    scope: 'api-key',
    policies: [
      { limit: 60, windowSeconds: 60 },
      { limit: 10_000, windowSeconds: 86_400 },
    ],
  },
  errorEnvelope: { message: 'message', code: 'status_id', details: 'data' },
  security: [['bearerAuth', 'apiSecret']],
  operations: {
    listDevices: {
      method: 'get',
      path: '/api/device/list',
      idempotent: true,
      pagination: { items: 'data.devices', total: 'data.pagination.total' },
      security: [['bearerAuth', 'apiSecret']],
    },
    getDevice: { method: 'get', path: '/api/device/{device_id}', idempotent: true, security: [['bearerAuth', 'apiSecret']] },
    updateDevice: { method: 'put', path: '/api/device/{device_id}', idempotent: true, security: [['bearerAuth', 'apiSecret']] },
    sendSms: { method: 'post', path: '/api/sms/send', idempotent: false, security: [['bearerAuth', 'apiSecret']] },
    createContact: { method: 'post', path: '/api/contact/create', idempotent: false, security: [['bearerAuth', 'apiSecret']] },
    getNotificationTemplates: {
      method: 'post',
      path: '/notification/template/api/get',
      idempotent: true,
      pagination: { items: 'data' },
      security: [['bearerAuth', 'apiSecret']],
    },
  },
};

/** echowin: X-API-Key, 100/min and 1000/hour, X-RateLimit-* (unix seconds), `{error, details}` errors. */
export const echowin: VendorMetadata = {
  id: 'echowin',
  title: 'echowin',
  serverUrl: 'https://echo.win/api/v1',
  serverVariables: {},
  securitySchemes: {
    apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    agencyKey: { type: 'apiKey', in: 'header', name: 'X-AGENCY-KEY' },
  },
  credentials: { apiKey: { scheme: 'apiKey', required: true }, agencyKey: { scheme: 'agencyKey', required: false } },
  rateLimits: {
    scope: 'api-key',
    policies: [
      { limit: 100, windowSeconds: 60 },
      { limit: 1000, windowSeconds: 3600 },
    ],
    headers: { limit: 'X-RateLimit-Limit', remaining: 'X-RateLimit-Remaining', reset: 'X-RateLimit-Reset', resetFormat: 'unix-seconds' },
  },
  errorEnvelope: { message: 'error', details: 'details' },
  security: [['apiKey']],
  operations: {
    listContacts: {
      method: 'get',
      path: '/contacts',
      idempotent: true,
      pagination: { items: 'data', total: 'pagination.totalCount', totalPages: 'pagination.totalPages' },
      security: [['apiKey']],
    },
    createContact: { method: 'post', path: '/contacts', idempotent: false, security: [['apiKey']] },
    getContact: { method: 'get', path: '/contacts/{id}', idempotent: true, security: [['apiKey']] },
    createSubteam: { method: 'post', path: '/agency/subteams', idempotent: false, security: [['agencyKey']] },
  },
};

/** EchoComm: bearer key, 100/s, `{status: "error", message}` errors. */
export const echoComm: VendorMetadata = {
  id: 'echocomm',
  title: 'EchoComm',
  serverUrl: 'https://api.echotext.net/v1',
  serverVariables: {},
  securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
  credentials: { apiKey: { scheme: 'bearerAuth', required: true } },
  rateLimits: { scope: 'api-key', policies: [{ limit: 100, windowSeconds: 1 }] },
  errorEnvelope: { message: 'message', code: 'status' },
  security: [['bearerAuth']],
  operations: {
    searchNumbers: { method: 'get', path: '/numbers/search', idempotent: true, security: [['bearerAuth']] },
    provisionNumbers: { method: 'post', path: '/numbers/provision', idempotent: false, security: [['bearerAuth']] },
  },
};

/** UserEcho: `access_token` in the query (or bearer), default page size 50, `{status, message}` errors. */
export const userEcho: VendorMetadata = {
  id: 'userecho',
  title: 'UserEcho',
  serverUrl: 'https://{alias}.userecho.com/api/v2',
  serverVariables: { alias: {} },
  securitySchemes: {
    accessToken: { type: 'apiKey', in: 'query', name: 'access_token' },
    bearerAuth: { type: 'http', scheme: 'bearer' },
  },
  credentials: {
    accessToken: {
      scheme: 'accessToken',
      required: true,
      schemeChoice: { option: 'tokenIn', schemes: { query: 'accessToken', header: 'bearerAuth' } },
    },
  },
  // UserEcho reports failure in the body, whatever the HTTP status.
  errorEnvelope: { message: 'message', code: 'status', failureField: 'status', failureValues: ['error', 'fail'] },
  security: [['accessToken'], ['bearerAuth']],
  operations: {
    listUsers: {
      method: 'get',
      path: '/users.json',
      idempotent: true,
      pagination: { items: 'data', defaultLimit: 50 },
      security: [['accessToken'], ['bearerAuth']],
    },
    listGroups: {
      method: 'get',
      path: '/users/groups.json',
      idempotent: true,
      pagination: { items: 'data', total: 'details.count' },
      security: [['accessToken'], ['bearerAuth']],
    },
    createTopic: { method: 'post', path: '/forums/{forum_id}/topics.json', idempotent: false, security: [['accessToken'], ['bearerAuth']] },
    getUser: { method: 'get', path: '/users/{user_id}.json', idempotent: true, security: [['accessToken'], ['bearerAuth']] },
    // `x-idempotent: false` on a GET: never retried.
    logout: { method: 'get', path: '/users/logout.json', idempotent: false, security: [['accessToken'], ['bearerAuth']] },
  },
};

/** A loose Paths type for the fixtures' endpoints: any path, JSON in and out. */
export interface AnyOperation {
  parameters: { query?: Record<string, unknown>; path?: Record<string, unknown>; header?: Record<string, unknown> };
  requestBody?: { content: { 'application/json': Record<string, unknown> } };
  responses: {
    200: { content: { 'application/json': Record<string, unknown> } };
    default: { content: { 'application/json': Record<string, unknown> } };
  };
}

/** One openapi-typescript-shaped entry per fixture path, so tests call `client.GET('/api/device/list')`. */
export type TestPaths = Record<
  string,
  {
    get: AnyOperation;
    put: AnyOperation;
    post: AnyOperation;
    delete: AnyOperation;
    options: AnyOperation;
    head: AnyOperation;
    patch: AnyOperation;
    trace: AnyOperation;
  }
>;

/** The fixtures' clients accept any operation id in paginate() (the runtime checks it); codegen's are exact. */
export type TestPaginated = Record<string, PaginatedOperation>;
