import type { Call } from './call.js';

/** Sends one request of a call and resolves to its response: what each transport piece wraps. */
export type Send = (request: Request, call: Call) => Promise<Response>;

/** One transport piece: wraps the next one (the innermost is the fetch itself). */
export type Layer = (next: Send) => Send;

/** What happened on one attempt (for loggers and metrics). */
export interface AttemptReport {
  attempt: number;
  /** The HTTP status, when an answer arrived. */
  status?: number;
  /** Why the attempt failed without an answer (not redacted yet), when it did. */
  error?: unknown;
  /** Wall time of the attempt in milliseconds (from sending to the full body). */
  durationMs: number;
  /** Set when the runtime will retry: how long it waits first. */
  retryInMs?: number;
}

/** An opt-in piece of a client: a transport layer (around each attempt) and/or a listener to attempts. */
export interface PluginParts {
  /** Wraps each attempt, inside retries and outside the timeout (e.g. a rate limiter). */
  layer?: Layer;
  /** Called after each attempt with what happened (e.g. a logger). */
  onAttempt?: (report: AttemptReport, call: Call) => void;
}

/**
 * An opt-in piece, given the client's context when the client is made: `rateLimit()`, `requestLog()`, or
 * your own. Pieces you do not use are not in your bundle.
 */
export type Plugin = (context: import('./call.js').ClientContext) => PluginParts;
