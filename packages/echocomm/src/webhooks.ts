// Receiving EchoComm webhooks: check a delivery exactly the way the vendor documents it, then hand back the
// typed event. EchoComm's only authentication for deliveries is the custom `headers` you configure with
// POST /webhooks/sms/configure (its example: `X-Webhook-Secret`); it publishes no signature scheme, so none
// is invented here: every configured header must arrive with exactly its configured value.
import type { components } from './generated/schema.js';

export type SmsReceivedEvent = components['schemas']['SmsReceivedEvent'];
export type SmsDeliveryReportEvent = components['schemas']['SmsDeliveryReportEvent'];
/** Every event EchoComm delivers, discriminated on `event`. The payloads are inferred (the vendor does not publish them). */
export type EchoCommWebhookEvent = SmsReceivedEvent | SmsDeliveryReportEvent;
export type EchoCommWebhookEventType = EchoCommWebhookEvent['event'];
/** The event of one type, e.g. `WebhookEventOf<'sms.received'>`. */
export type WebhookEventOf<T extends EchoCommWebhookEventType> = Extract<EchoCommWebhookEvent, { event: T }>;

export const WEBHOOK_EVENT_TYPES = ['sms.received', 'sms.delivery_report'] as const satisfies readonly components['schemas']['SmsWebhookEvent'][];

export interface VerifyWebhookOptions {
  /**
   * The custom headers you configured on the webhook (`headers` of POST /webhooks/sms/configure), e.g.
   * `{ 'X-Webhook-Secret': process.env.ECHOCOMM_WEBHOOK_SECRET }`. Each must arrive with exactly this value
   * (compared in constant time). At least one is required: without one, anyone could post events.
   */
  headers: Record<string, string | undefined>;
  /** The `method` you configured; default `POST`. */
  method?: string;
  /** The largest body accepted, in bytes; default 1 MiB. */
  maxBodyBytes?: number;
}

export type WebhookErrorCode =
  | 'method_not_allowed'
  | 'missing_header'
  | 'invalid_header'
  | 'body_too_large'
  | 'invalid_json'
  | 'unknown_event'
  | 'invalid_payload';

const STATUS: Record<WebhookErrorCode, 400 | 401 | 405 | 413> = {
  method_not_allowed: 405,
  missing_header: 401,
  invalid_header: 401,
  body_too_large: 413,
  invalid_json: 400,
  unknown_event: 400,
  invalid_payload: 400,
};

/**
 * A delivery that fails verification. `status` is what to answer (401: a configured header is missing or
 * wrong; 400: not JSON or not an EchoComm event; 405: wrong method; 413: too large). The message names the
 * header or field, never a header value.
 */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  readonly status: 400 | 401 | 405 | 413;
  constructor(
    readonly code: WebhookErrorCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const encoder = new TextEncoder();

/**
 * Compares in time that depends only on the length of `expected` (the secret), not on where `received`
 * first differs, so response timing does not reveal the secret byte by byte.
 */
function constantTimeEqual(received: string, expected: string): boolean {
  const a = encoder.encode(received);
  const b = encoder.encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i] ?? 0) ^ (b[i] as number);
  return diff === 0;
}

function configuredHeaders(options: VerifyWebhookOptions): [string, string][] {
  const entries = Object.entries(options.headers ?? {});
  if (entries.length === 0)
    throw new TypeError('verifyWebhook: pass the headers you configured on the webhook, e.g. { headers: { "X-Webhook-Secret": secret } }');
  return entries.map(([name, value]) => {
    // An unset environment variable must not turn into "accept a missing header".
    if (typeof value !== 'string' || value === '') throw new TypeError(`verifyWebhook: the expected value of header ${name} is empty or missing`);
    return [name, value];
  });
}

/** Reads at most `limit` bytes of a body stream; more is a 413, not an unbounded buffer. */
async function readBody(stream: AsyncIterable<unknown> | ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (stream) {
    const iterable: AsyncIterable<unknown> =
      Symbol.asyncIterator in stream ? (stream as AsyncIterable<unknown>) : readerIterable(stream as ReadableStream<Uint8Array>);
    for await (const chunk of iterable) {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : (chunk as Uint8Array);
      size += bytes.byteLength;
      if (size > limit) throw new WebhookVerificationError('body_too_large', `Webhook body is larger than ${limit} bytes`);
      chunks.push(bytes);
    }
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

async function* readerIterable(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

const E164 = /^\+[1-9]\d{1,14}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
type StringField = [name: string, format?: RegExp];
/**
 * The fields each event's schema types (specs/echocomm/components/schemas/*Event.yaml): all optional, since
 * the payloads are guessed, but checked when present, so the event returned is what its type says.
 */
const EVENT_FIELDS: StringField[] = [['webhook_id'], ['created_at', RFC3339]];
const DATA_FIELDS: Record<EchoCommWebhookEventType, StringField[]> = {
  'sms.received': [['message_id'], ['from', E164], ['to', E164], ['body']],
  'sms.delivery_report': [['message_id'], ['from', E164], ['to', E164], ['status']],
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function checkString(container: Record<string, unknown>, name: string, label: string, format?: RegExp): void {
  const value = container[name];
  if (value === undefined) return;
  if (typeof value !== 'string') throw new WebhookVerificationError('invalid_payload', `Webhook field ${label} must be a string`);
  if (format && !format.test(value)) {
    throw new WebhookVerificationError(
      'invalid_payload',
      `Webhook field ${label} must be ${format === E164 ? 'an E.164 number' : 'an RFC 3339 date-time'}`,
    );
  }
}

/** The payload as its event's schema describes it, or the first way it is not. */
export function parseWebhookEvent(payload: unknown): EchoCommWebhookEvent {
  if (!isObject(payload)) throw new WebhookVerificationError('invalid_payload', 'Webhook body is not a JSON object');
  const type = payload.event;
  if (typeof type !== 'string' || !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type)) {
    throw new WebhookVerificationError('unknown_event', `Webhook event ${JSON.stringify(type)} is not one of ${WEBHOOK_EVENT_TYPES.join(', ')}`);
  }
  const data = payload.data;
  if (data !== undefined && !isObject(data)) throw new WebhookVerificationError('invalid_payload', 'Webhook field data must be an object');
  for (const [name, format] of EVENT_FIELDS) checkString(payload, name, name, format);
  if (data) for (const [name, format] of DATA_FIELDS[type as EchoCommWebhookEventType]) checkString(data, name, `data.${name}`, format);
  return payload as EchoCommWebhookEvent;
}

/**
 * Verifies an EchoComm webhook delivery and returns its typed event; throws `WebhookVerificationError`
 * (with the HTTP `status` to answer) for anything else. Takes a standard `Request` (Node 20+, Deno, Bun,
 * edge runtimes, Hono's `c.req.raw`); for Node's `IncomingMessage` use `requestFromNode` first.
 *
 * Checks, in order: the method; every configured header (before the body is read); the body size; JSON;
 * the event type and its fields.
 */
export async function verifyWebhook(request: Request, options: VerifyWebhookOptions): Promise<EchoCommWebhookEvent> {
  const expected = configuredHeaders(options);
  const method = (options.method ?? 'POST').toUpperCase();
  if (request.method.toUpperCase() !== method) {
    throw new WebhookVerificationError('method_not_allowed', `Webhook deliveries use ${method}, not ${request.method.toUpperCase()}`);
  }
  // Every header is compared (no early exit), so timing does not reveal which one was wrong.
  let missing: string | undefined;
  let wrong: string | undefined;
  for (const [name, value] of expected) {
    const received = request.headers.get(name);
    if (received === null) missing ??= name;
    else if (!constantTimeEqual(received, value)) wrong ??= name;
  }
  if (missing) throw new WebhookVerificationError('missing_header', `Webhook header ${missing} is missing`);
  if (wrong) throw new WebhookVerificationError('invalid_header', `Webhook header ${wrong} does not match the configured value`);

  if (request.bodyUsed) throw new TypeError('verifyWebhook: the request body was already read; pass the request before parsing it');
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const declared = Number(request.headers.get('content-length'));
  if (declared > limit) throw new WebhookVerificationError('body_too_large', `Webhook body is larger than ${limit} bytes`);
  const bytes = await readBody(request.body, limit);
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new WebhookVerificationError('invalid_json', 'Webhook body is not valid JSON');
  }
  return parseWebhookEvent(payload);
}

/** What `requestFromNode` needs of Node's `http.IncomingMessage` (Express's and Fastify's raw requests are one). */
export interface NodeIncomingMessage extends AsyncIterable<unknown> {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export interface RequestFromNodeOptions {
  /** The raw body when a framework has already read it (e.g. Fastify with `parseAs: 'buffer'`); otherwise the stream is read. */
  body?: string | Uint8Array;
  /** The largest body read from the stream, in bytes; default 1 MiB (a larger one is a 413 `WebhookVerificationError`). */
  maxBodyBytes?: number;
}

/** A standard `Request` from Node's `IncomingMessage`, for `verifyWebhook`. Do not put a JSON body parser in front of it. */
export async function requestFromNode(message: NodeIncomingMessage, options: RequestFromNodeOptions = {}): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (name.startsWith(':') || value === undefined) continue; // HTTP/2 pseudo-headers are not headers
    for (const item of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(name, item);
      } catch {
        // A header value Headers refuses cannot be one we compare against; leave it out.
      }
    }
  }
  const method = (message.method ?? 'GET').toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const body = !hasBody ? undefined : (options.body ?? (await readBody(message, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)));
  let url: URL;
  try {
    url = new URL(message.url ?? '/', `http://${headers.get('host') ?? 'localhost'}`);
  } catch {
    url = new URL('http://localhost/');
  }
  return new Request(url, { method, headers, body: body as BodyInit | undefined });
}

/** The spec's example of each event (the `example` of its schema), the base of `testWebhookRequest`. */
const EXAMPLES: { [T in EchoCommWebhookEventType]: WebhookEventOf<T> } = {
  'sms.received': {
    event: 'sms.received',
    webhook_id: 'whk_789xyz456abc',
    created_at: '2026-03-06T11:05:00Z',
    data: { message_id: 'msg_example0001', from: '+14155550100', to: '+14155551234', body: 'Hi, I saw your ad. Is the offer still available?' },
  },
  'sms.delivery_report': {
    event: 'sms.delivery_report',
    webhook_id: 'whk_789xyz456abc',
    created_at: '2026-03-06T11:06:00Z',
    data: { message_id: 'msg_example0002', from: '+14155551234', to: '+14155550100', status: 'delivered' },
  },
};

export interface WebhookEventOverrides<T extends EchoCommWebhookEventType> {
  webhook_id?: string;
  created_at?: string;
  data?: Partial<NonNullable<WebhookEventOf<T>['data']>>;
}

/** An event of `type`: the spec's example with your overrides (top-level fields, and `data` fields merged). */
export function exampleWebhookEvent<T extends EchoCommWebhookEventType>(type: T, overrides: WebhookEventOverrides<T> = {}): WebhookEventOf<T> {
  const example = EXAMPLES[type] as WebhookEventOf<T>;
  if (!example) throw new TypeError(`exampleWebhookEvent: unknown event type ${JSON.stringify(type)}; one of ${WEBHOOK_EVENT_TYPES.join(', ')}`);
  const { data, ...top } = overrides;
  return { ...structuredClone(example), ...top, data: { ...structuredClone(example.data), ...data } } as WebhookEventOf<T>;
}

export interface TestWebhookRequestOptions<T extends EchoCommWebhookEventType> extends WebhookEventOverrides<T> {
  /** The headers to send, as EchoComm sends your configured ones, e.g. `{ 'X-Webhook-Secret': secret }`. */
  headers: Record<string, string>;
  /** Default `POST`, like the configured `method`. */
  method?: string;
  /** Default `http://localhost/webhooks/echocomm`. */
  url?: string;
}

/**
 * A delivery as EchoComm would send it, for your own tests of your handler: the event as JSON with your
 * configured headers. There is nothing to sign: EchoComm authenticates deliveries only by those headers.
 */
export function testWebhookRequest<T extends EchoCommWebhookEventType>(type: T, options: TestWebhookRequestOptions<T>): Request {
  const { headers, method = 'POST', url = 'http://localhost/webhooks/echocomm', ...overrides } = options;
  return new Request(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(exampleWebhookEvent(type, overrides)),
  });
}
