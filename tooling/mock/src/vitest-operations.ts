// The vendor packages' "operations by name" test, written once: every operation called by name and by path
// against the same mock must send the same request and get the same 2xx answer.
import { describe, expect, it } from 'vitest';

/** A request as the server sees it. */
export interface SentRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: string;
}

/** A fetch that records each request it sends (give it to the client as its `fetch`). */
export function recordingFetch(): { sent: SentRequest[]; fetch: (request: Request) => Promise<Response> } {
  const sent: SentRequest[] = [];
  return {
    sent,
    fetch: async (request) => {
      sent.push({ method: request.method, url: request.url, headers: [...request.headers], body: await request.clone().text() });
      return fetch(request);
    },
  };
}

type Init = { path?: object; query?: object; body?: unknown };
type Result = { data?: unknown; error?: unknown; response: Response };

/**
 * One test per entry of `examples` (a valid call of each operation): by name, then by path (`client.request`
 * with the operation's method and path from the vendor's operation table); `sent` is the recordingFetch's log.
 */
export function describeOperationsByName(
  client: object,
  operations: Record<string, { method: string; path: string }>,
  examples: Record<string, Init>,
  sent: SentRequest[],
): void {
  const calls = client as Record<string, (init: Init) => Promise<Result>> & { request(method: string, path: string, init: object): Promise<Result> };
  describe('every operation by name sends and answers what its path call does', () => {
    for (const [id, init] of Object.entries(examples)) {
      it(id, async () => {
        const { method, path } = operations[id]!;
        sent.length = 0;
        const byName = await calls[id]!(init);
        const byPath = await calls.request(method, path, { params: { path: init.path, query: init.query }, body: init.body });
        expect(byName.response.status).toBeGreaterThanOrEqual(200);
        expect(byName.response.status).toBeLessThan(300);
        expect(byName.response.status).toBe(byPath.response.status);
        expect(byName.data).toEqual(byPath.data);
        expect(sent).toHaveLength(2);
        expect(sent[0]).toEqual(sent[1]);
        expect(sent[0]!.method).toBe(method.toUpperCase());
      });
    }
  });
}
