import { EchoTimeoutError } from './errors.js';
import type { Plugin } from './send.js';

/** One attempt of one request, as the debug logger sees it: every string already redacted. */
export interface RequestLogEntry {
  /** The vendor's title. */
  vendor: string;
  operationId?: string | undefined;
  method: string;
  /** The request URL with credentials (e.g. `access_token`) redacted. */
  url: string;
  /** 1 for the first try. */
  attempt: number;
  /** The HTTP status, when an answer arrived. */
  status?: number;
  /** Why the attempt failed without an answer (redacted), when it did. */
  error?: string;
  /** Wall time of the attempt in milliseconds (from sending to the full body). */
  durationMs: number;
  /** Set when the runtime will retry: how long it waits first. */
  retryInMs?: number;
}

/** Receives one line per attempt (method, redacted URL, status, timing) plus the structured entry. */
export type Logger = (line: string, entry: RequestLogEntry) => void;

/** The one-line form of an entry: `[EchoCue] getDevice GET https://…/v1/api/device/7 -> 200 in 12.3 ms`. */
export function formatLogEntry(entry: RequestLogEntry): string {
  const outcome = entry.status !== undefined ? String(entry.status) : `failed (${entry.error ?? 'no response'})`;
  const attempt = entry.attempt > 1 ? ` (attempt ${entry.attempt})` : '';
  const retry = entry.retryInMs !== undefined ? `; retrying in ${Math.round(entry.retryInMs)} ms` : '';
  const operation = entry.operationId ? `${entry.operationId} ` : '';
  return `[${entry.vendor}] ${operation}${entry.method} ${entry.url} -> ${outcome} in ${entry.durationMs.toFixed(1)} ms${attempt}${retry}`;
}

/** Why an attempt failed, short: `timed out after 2000 ms`, `fetch failed (other side closed UND_ERR_SOCKET)`. */
function describe(error: unknown): string {
  if (error instanceof EchoTimeoutError) return `timed out after ${error.timeoutMs} ms`;
  if (error instanceof Error) return error.message.replace(/^.*?, attempt \d+\): /, '');
  return String(error);
}

/**
 * Debug logging (opt-in): one line per attempt (operation, method, redacted URL, status or failure,
 * timing, the wait before a retry) to `logger`, console.debug by default. Every string is redacted.
 */
export function requestLog(logger: Logger = (line) => console.debug(line)): Plugin {
  return () => ({
    onAttempt(report, call) {
      const entry: RequestLogEntry = {
        vendor: call.target.vendor,
        operationId: call.target.operationId,
        method: call.target.method,
        url: call.target.url,
        attempt: report.attempt,
        durationMs: report.durationMs,
      };
      if (report.status !== undefined) entry.status = report.status;
      if (report.error !== undefined) entry.error = call.redact(describe(report.error));
      if (report.retryInMs !== undefined) entry.retryInMs = report.retryInMs;
      logger(call.redact(formatLogEntry(entry)), entry);
    },
  });
}
