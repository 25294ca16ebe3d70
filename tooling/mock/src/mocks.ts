import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OpenAPI3 } from 'openapi-typescript';
import { busyPortLine, loadApiModel, startPrism, type RunningPrism, type Vendor, type VendorModel } from '@echo-openapi/tooling-core';
import { PortBusyError, startFront } from './front.js';

/**
 * The spec as the mock serves it: without `callbacks`. Prism fires every callback an operation declares
 * at the URL in the request body (EchoComm's webhook example names a third party's host); a mock must
 * never send traffic off this machine.
 */
export function mockableSpec<T extends { paths?: object }>(spec: T): T {
  const paths = Object.fromEntries(
    Object.entries((spec.paths ?? {}) as Record<string, Record<string, unknown>>).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, op]) => {
          if (typeof op !== 'object' || op === null || !('callbacks' in op)) return [method, op];
          const { callbacks: _dropped, ...rest } = op as Record<string, unknown>;
          return [method, rest];
        }),
      ),
    ]),
  );
  return { ...spec, paths };
}

export interface RunningMock extends RunningPrism {
  vendor: Vendor;
  /** The bundled spec the mock serves. */
  spec: string;
}

/**
 * Prism on a private port behind our front (front.ts: malformed JSON gets a 400 in the vendor's envelope),
 * the front on `port` (0: a free one). The front listens first, so a busy port fails before Prism starts.
 */
export async function startFronted(
  model: VendorModel,
  port: number,
  prism: (spec: string) => Promise<RunningPrism>,
  spec: OpenAPI3,
): Promise<RunningMock> {
  const front = await startFront(model, port);
  const path = join(dirname(model.bundlePath), `${model.vendor.id}.${front.port}.prism.json`);
  writeFileSync(path, JSON.stringify(spec));
  let server: RunningPrism;
  try {
    server = await prism(path);
  } catch (error) {
    await front.close();
    throw error;
  }
  front.retarget(server.url);
  return {
    vendor: model.vendor,
    spec: path,
    url: front.url,
    port: front.port,
    output: server.output,
    stop: async () => {
      await front.close();
      await server.stop();
    },
  };
}

/**
 * Starts one mock per vendor, in parallel. `ports: 'fixed'` uses each vendor's mockPort (what `pnpm mock`
 * serves); `'free'` picks unused ports, so tests never collide with a running `pnpm mock`. If any mock
 * fails to start, the others are stopped and the error names the vendor (and, for a busy port, the way out).
 */
export async function startMocks(vendors: Vendor[], { ports }: { ports: 'fixed' | 'free' }): Promise<RunningMock[]> {
  const results = await Promise.allSettled(
    vendors.map(async (vendor): Promise<RunningMock> => {
      const port = ports === 'fixed' ? vendor.mockPort : 0;
      try {
        const model = await loadApiModel(vendor);
        return await startFronted(model, port, (spec) => startPrism({ spec }), mockableSpec(model.document));
      } catch (error) {
        if (error instanceof PortBusyError) {
          throw new Error(
            `${busyPortLine({ port, what: `${vendor.title} mock` })}. Stop it, or run \`pnpm mock --vendor ${vendor.id} --port <free port>\`, or leave ${vendor.id} out with --vendor.`,
          );
        }
        throw new Error(`${vendor.title} mock: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failed.length > 0) {
    await stopMocks(started);
    throw new Error(failed.map((e) => e.message).join('\n'));
  }
  return started;
}

export async function stopMocks(mocks: RunningMock[]): Promise<void> {
  await Promise.all(mocks.map((m) => m.stop()));
}
