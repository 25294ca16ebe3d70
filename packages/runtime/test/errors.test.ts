import { describe, expect, it } from 'vitest';
import { parseErrorEnvelope } from '../src/errors.js';
import { EchoApiError, EchoInvalidResponseError, unwrap } from '../src/index.js';
import { commClient, cueClient, userEchoClient, winClient } from './clients.js';
import { echoComm, echoCue, echowin, userEcho } from './fixtures.js';
import { collectError, guardAgainstLeaks, json, rejection, text, useTestServer } from './helpers.js';

const server = useTestServer();
guardAgainstLeaks();

describe('parseErrorEnvelope reads each vendor envelope from data', () => {
  it('EchoCue {status_id, message, data}', () => {
    expect(parseErrorEnvelope(echoCue.errorEnvelope, { status_id: 422, message: 'Invalid phone number', data: { to: 'bad' } }, 422)).toEqual({
      message: 'Invalid phone number',
      code: 422,
      details: { to: 'bad' },
    });
  });
  it('echowin {error, details: [{field, message}]}', () => {
    const parsed = parseErrorEnvelope(
      echowin.errorEnvelope,
      { error: 'Validation failed', details: [{ field: 'phone', message: 'is required' }] },
      400,
    );
    expect(parsed.message).toBe('Validation failed (phone: is required)');
    expect(parsed.code).toBeUndefined();
    expect(parsed.details).toEqual([{ field: 'phone', message: 'is required' }]);
  });
  it('EchoComm {status: "error", message}', () => {
    expect(parseErrorEnvelope(echoComm.errorEnvelope, { status: 'error', message: 'Number unavailable' }, 409)).toEqual({
      message: 'Number unavailable',
      code: 'error',
    });
  });
  it('UserEcho {status: "fail", message}', () => {
    expect(parseErrorEnvelope(userEcho.errorEnvelope, { status: 'fail', message: 'Forum not found' }, 404)).toEqual({
      message: 'Forum not found',
      code: 'fail',
    });
  });
  it('an HTML error page names its title, not the markup', () => {
    const parsed = parseErrorEnvelope(
      echoCue.errorEnvelope,
      '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>',
      502,
      'Bad Gateway',
    );
    expect(parsed.message).toBe('HTTP 502 Bad Gateway (an HTML page: "502 Bad Gateway", not the API\'s JSON envelope)');
  });
  it('malformed JSON and empty bodies fall back to the status line', () => {
    expect(parseErrorEnvelope(echoCue.errorEnvelope, '{"status_id": 500, "mess', 500, 'Internal Server Error').message).toBe(
      'HTTP 500 Internal Server Error (the body is not valid JSON)',
    );
    expect(parseErrorEnvelope(echoCue.errorEnvelope, '', 500).message).toBe('HTTP 500');
  });
});

describe('non-2xx answers', () => {
  it('keep openapi-fetch {data, error} style by default (no throw), typed', async () => {
    server.handle((_, res) => json(res, 404, { status_id: 404, message: 'Device not found', data: null }));
    const client = cueClient(server.url);
    const result = await client.GET('/api/device/{device_id}', { params: { path: { device_id: 7 } } });
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual({ status_id: 404, message: 'Device not found', data: null });
    expect(result.response.status).toBe(404);
    // Type-level: error is the spec's error body, data the success body.
    const error: Record<string, unknown> | undefined = result.error;
    expect(error).toBeDefined();
  });

  it('throw EchoApiError with status, vendor message and code, operation and rate limit when throwOnError is set', async () => {
    server.handle((_, res) =>
      json(res, 422, { status_id: 422, message: 'Invalid phone number', data: { to: 'abc' } }, { 'X-RateLimit-Remaining': '12' }),
    );
    const client = cueClient(server.url, { throwOnError: true });
    const error = await rejection(client.POST('/api/sms/send', { body: { to: 'abc', message: 'hi' } }));
    expect(error).toBeInstanceOf(EchoApiError);
    const apiError = error as EchoApiError;
    expect(apiError.status).toBe(422);
    expect(apiError.apiMessage).toBe('Invalid phone number');
    expect(apiError.code).toBe(422);
    expect(apiError.details).toEqual({ to: 'abc' });
    expect(apiError.operationId).toBe('sendSms');
    expect(apiError.method).toBe('POST');
    expect(apiError.vendor).toBe('EchoCue');
    expect(apiError.rateLimit).toEqual({ remaining: 12 });
    expect(apiError.message).toBe('EchoCue sendSms failed with HTTP 422: Invalid phone number');
    expect(JSON.parse(JSON.stringify(apiError))).toMatchObject({
      name: 'EchoApiError',
      status: 422,
      apiMessage: 'Invalid phone number',
      operationId: 'sendSms',
    });
    expect(String(apiError)).toBe('EchoApiError: EchoCue sendSms failed with HTTP 422: Invalid phone number');
  });

  it('throwOnError can be asked for per call, and turned off per call', async () => {
    server.handle((_, res) => json(res, 400, { error: 'Validation failed', details: [{ field: 'email', message: 'is invalid' }] }));
    const client = winClient(server.url);
    const error = (await rejection(client.POST('/contacts', { body: { email: 'x' }, throwOnError: true }))) as EchoApiError;
    expect(error.apiMessage).toBe('Validation failed (email: is invalid)');
    expect(error.details).toEqual([{ field: 'email', message: 'is invalid' }]);
    expect(error.operationId).toBe('createContact');

    const throwing = winClient(server.url, { throwOnError: true });
    const result = await throwing.POST('/contacts', { body: { email: 'x' }, throwOnError: false });
    expect(result.response.status).toBe(400);
  });

  it('unwrap() returns the data of a 2xx and throws EchoApiError for the rest', async () => {
    server.handle((req, res) =>
      req.url.startsWith('/numbers/search')
        ? json(res, 200, { numbers: ['+14155550100'] })
        : json(res, 409, { status: 'error', message: 'Number already provisioned' }),
    );
    const client = commClient(server.url);
    const data = await unwrap(client.GET('/numbers/search'));
    expect(data).toEqual({ numbers: ['+14155550100'] });
    const error = (await rejection(unwrap(client.POST('/numbers/provision', { body: { numbers: ['+14155550100'] } })))) as EchoApiError;
    expect(error).toBeInstanceOf(EchoApiError);
    expect(error.status).toBe(409);
    expect(error.code).toBe('error');
    expect(error.apiMessage).toBe('Number already provisioned');
    expect(error.operationId).toBe('provisionNumbers');
    expect(error.message).toBe('EchoComm provisionNumbers failed with HTTP 409 [error]: Number already provisioned');
  });

  it('UserEcho {status, message}', async () => {
    server.handle((_, res) => json(res, 403, { status: 'fail', message: 'Token is read-only' }));
    const client = userEchoClient(server.url);
    const error = (await rejection(
      unwrap(client.POST('/forums/{forum_id}/topics.json', { params: { path: { forum_id: 1 } }, body: { header: 'x' } })),
    )) as EchoApiError;
    expect(error.status).toBe(403);
    expect(error.code).toBe('fail');
    expect(error.apiMessage).toBe('Token is read-only');
    expect(error.operationId).toBe('createTopic');
  });

  it('an HTML error page becomes an EchoApiError that names the page', async () => {
    server.handle((_, res) =>
      text(res, 500, '<!DOCTYPE html><html><head><title>Internal Server Error</title></head><body><h1>Oops</h1></body></html>', 'text/html'),
    );
    const client = cueClient(server.url, { throwOnError: true });
    const error = (await rejection(client.GET('/api/device/{device_id}', { params: { path: { device_id: 1 } } }))) as EchoApiError;
    expect(error.status).toBe(500);
    expect(error.apiMessage).toContain('an HTML page: "Internal Server Error"');
    expect(typeof error.body).toBe('string');
  });

  it('a malformed JSON error body becomes an EchoApiError with the text as body', async () => {
    server.handle((_, res) => text(res, 500, '{"status_id": 500, "message": "Inter', 'application/json'));
    const client = cueClient(server.url, { throwOnError: true });
    const error = (await rejection(client.GET('/api/device/{device_id}', { params: { path: { device_id: 1 } } }))) as EchoApiError;
    expect(error.apiMessage).toBe('HTTP 500 Internal Server Error (the body is not valid JSON)');
    expect(error.body).toBe('{"status_id": 500, "message": "Inter');
  });

  it('a 2xx with malformed JSON throws EchoInvalidResponseError (not a bare SyntaxError)', async () => {
    server.handle((_, res) => text(res, 200, '{"data": {"devices": [', 'application/json'));
    const client = cueClient(server.url);
    const error = await rejection(client.GET('/api/device/list'));
    expect(error).toBeInstanceOf(EchoInvalidResponseError);
    expect((error as EchoInvalidResponseError).status).toBe(200);
    expect((error as EchoInvalidResponseError).operationId).toBe('listDevices');
    expect((error as EchoInvalidResponseError).url).toBe(`${server.url}/api/device/list`);
  });

  it('non-retryable statuses (400, 500) are sent once', async () => {
    server.handle((_, res) => json(res, 500, { status_id: 500, message: 'boom' }));
    const client = cueClient(server.url);
    const result = await client.GET('/api/device/list');
    expect(result.response.status).toBe(500);
    expect(server.requests).toHaveLength(1);
    collectError(new Error(String(result.error)));
  });
});

describe('failure reported in the body (UserEcho: errorEnvelope.failureField status, failureValues error/fail)', () => {
  it('an HTTP 200 carrying "status": "fail" is an EchoApiError with the vendor’s message, not a success', async () => {
    server.handle((_, res) => json(res, 200, { status: 'fail', message: 'Topic is closed' }));
    const client = userEchoClient(server.url);
    const error = (await rejection(
      client.POST('/forums/{forum_id}/topics.json', { params: { path: { forum_id: 1 } }, body: { header: 'x' } }),
    )) as EchoApiError;
    expect(error).toBeInstanceOf(EchoApiError);
    expect(error.status).toBe(200);
    expect(error.code).toBe('fail');
    expect(error.apiMessage).toBe('Topic is closed');
    expect(error.operationId).toBe('createTopic');
    expect(error.message).toBe('UserEcho createTopic failed with HTTP 200 [fail]: Topic is closed');
  });

  it('"status": "error" too, and through unwrap()', async () => {
    server.handle((_, res) => json(res, 200, { status: 'error', message: 'Internal problem' }));
    const client = userEchoClient(server.url);
    const error = (await rejection(unwrap(client.GET('/users/{user_id}.json', { params: { path: { user_id: 1 } } })))) as EchoApiError;
    expect(error.code).toBe('error');
    expect(error.apiMessage).toBe('Internal problem');
  });

  it('"status": "success" is data; a vendor without a failure field keeps its 200 bodies as data', async () => {
    server.handle((_, res) => json(res, 200, { status: 'success', data: { id: 1 } }));
    expect((await userEchoClient(server.url).GET('/users/{user_id}.json', { params: { path: { user_id: 1 } } })).data).toEqual({
      status: 'success',
      data: { id: 1 },
    });
    server.handle((_, res) => json(res, 200, { status: 'fail', message: 'not a failure for EchoComm' }));
    expect((await commClient(server.url).GET('/numbers/search')).data).toEqual({ status: 'fail', message: 'not a failure for EchoComm' });
  });
});
