import { markResponse, type Call } from './call.js';
import { abortReason } from './clock.js';
import { EchoInvalidResponseError, EchoNetworkError, EchoTimeoutError } from './errors.js';
import { lightInit } from './light-request.js';
import type { Send } from './send.js';

/** A fetch as the client calls it: one Request in, one Response out. */
export type FetchFn = (input: Request, init?: RequestInit) => Promise<Response>;

/** Statuses whose Response may not carry a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** The bytes of a response without a body. */
const EMPTY = new ArrayBuffer(0);

const decoder = new TextDecoder();

/**
 * A buffered answer. It holds the bytes read within the attempt and answers `json()`, `text()` and
 * `arrayBuffer()` from them: no second stream per response (the cost a plain `new Response(bytes)` adds
 * to every call). `json()` names the call when the body is not JSON (not a bare SyntaxError); anything
 * else reads a full copy, made on demand.
 */
export class BufferedResponse extends Response {
  private copy: Response | undefined;

  constructor(
    private readonly content: ArrayBuffer,
    status: number,
    statusText: string,
    private readonly fields: Headers,
    private readonly call: Call,
  ) {
    // The headers are shared, not copied: undici would re-validate every header of every response.
    super(null, { status, statusText });
  }

  override get headers(): Headers {
    return this.fields;
  }

  private full(): Response {
    // This response is its own ResponseInit: the copy gets its status, statusText and (shared) headers.
    return (this.copy ??= new Response(NULL_BODY.has(this.status) ? null : this.content.slice(0), this));
  }

  override get body(): Response['body'] {
    return this.full().body;
  }

  override get bodyUsed(): boolean {
    return this.copy?.bodyUsed ?? false;
  }

  override text(): Promise<string> {
    return Promise.resolve(decoder.decode(this.content));
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.content.slice(0));
  }

  override blob(): Promise<Blob> {
    return this.full().blob();
  }

  override formData(): Promise<FormData> {
    return this.full().formData();
  }

  override clone(): Response {
    return markResponse(new BufferedResponse(this.content, this.status, this.statusText, this.fields, this.call), this.call);
  }

  override json(): Promise<unknown> {
    try {
      return Promise.resolve(JSON.parse(decoder.decode(this.content)));
    } catch (error) {
      return Promise.reject(new EchoInvalidResponseError(this.call.target, this.status, this.call.redact, error));
    }
  }
}

/** What went wrong, with undici's underlying cause and its code (`fetch failed (connect ECONNREFUSED ... ECONNREFUSED)`). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { cause } = error;
  if (!(cause instanceof Error) || cause.message === error.message) return error.message;
  const code: unknown = (cause as Error & { code?: unknown }).code;
  return `${error.message} (${cause.message}${typeof code === 'string' ? ` ${code}` : ''})`;
}

/**
 * The innermost piece: one attempt over `fetch`, under a per-attempt timeout (the call's, else the
 * client's) and the caller's signal. It reads the whole body inside the attempt, so a body cut off mid-way
 * or trickling in too slowly is a failed attempt (retryable), except with `parseAs: 'stream'`. A lost answer
 * becomes EchoTimeoutError or EchoNetworkError; the caller's abort rejects with the signal's reason.
 */
export function fetchWithTimeout(fetchFn: FetchFn | undefined, clientTimeoutMs: number | false): Send {
  return async (request, call) => {
    const caller = request.signal;
    if (caller.aborted) throw abortReason(caller);
    const timeoutMs = call.timeoutMs ?? clientTimeoutMs;
    // Without a timeout the request's own signal (the caller's) is all the attempt needs: no controller, no timer.
    const controller = timeoutMs ? new AbortController() : undefined;
    const timer = controller
      ? setTimeout(() => controller.abort(new DOMException(`no response within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs as number)
      : undefined;
    const forward = controller && call.abortable ? () => controller.abort(abortReason(caller)) : undefined;
    if (forward) caller.addEventListener('abort', forward, { once: true });
    try {
      // The global fetch takes the signal as init; a custom fetch gets a Request that carries it.
      // A LightRequest's init is its own (one per call): the attempt's signal goes straight into it.
      const light = lightInit(request);
      if (light && controller) light.signal = controller.signal;
      const init = light ?? (controller ? { signal: controller.signal } : undefined);
      const input = light ? request.url : request;
      const raw = fetchFn ? await fetchFn(init ? new Request(input, init) : request) : await fetch(input, init);
      if (call.stream) return markResponse(raw, call);
      const body = raw.body === null || NULL_BODY.has(raw.status) ? EMPTY : await raw.arrayBuffer();
      let headers = raw.headers;
      // openapi-fetch parses with json() only when Content-Length is set: make sure it is, so a bad body is named.
      if (body !== EMPTY && !headers.has('Content-Length')) {
        headers = new Headers(headers);
        headers.set('Content-Length', String(body.byteLength));
      }
      return markResponse(new BufferedResponse(body, raw.status, raw.statusText, headers, call), call);
    } catch (error) {
      if (caller.aborted) throw abortReason(caller);
      const { target, attempt } = call;
      // The caller did not abort, so only the timer can have aborted the attempt's own controller.
      if (controller?.signal.aborted) throw new EchoTimeoutError(target, timeoutMs || 0, attempt, call.redact);
      throw new EchoNetworkError(
        `${target.vendor} ${target.operationId ?? target.method}: network error (${target.method} ${target.url}, attempt ${attempt}): ${describe(error)}`,
        target,
        attempt,
        call.redact,
        error,
      );
    } finally {
      clearTimeout(timer);
      // A streamed body is read after we return: the caller's signal must still be able to cancel it.
      if (forward && !call.stream) caller.removeEventListener('abort', forward);
    }
  };
}
