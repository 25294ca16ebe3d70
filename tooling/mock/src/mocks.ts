import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleSpec, startPrism, type OpenApiDocument, type RunningPrism, type Vendor } from '@echo-openapi/tooling-core';

/**
 * The spec as the mock serves it: without `callbacks`. Prism fires every callback an operation declares
 * at the URL in the request body (EchoComm's webhook example names a third party's host); a mock must
 * never send traffic off this machine.
 */
export function mockableSpec(spec: OpenApiDocument): OpenApiDocument {
  const paths = Object.fromEntries(
    Object.entries(spec.paths).map(([path, item]) => [
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
 * Starts one Prism mock per vendor, in parallel. `ports: 'fixed'` uses each vendor's mockPort (what
 * `pnpm mock` serves); `'free'` picks unused ports, so tests never collide with a running `pnpm mock`.
 * If any mock fails to start, the others are stopped and the error names the vendor.
 */
export async function startMocks(vendors: Vendor[], { ports }: { ports: 'fixed' | 'free' }): Promise<RunningMock[]> {
  const results = await Promise.allSettled(
    vendors.map(async (vendor): Promise<RunningMock> => {
      const bundle = await bundleSpec(vendor);
      const path = join(dirname(bundle.path), `${vendor.id}.mock.json`);
      writeFileSync(path, JSON.stringify(mockableSpec(bundle.document)));
      try {
        const prism = await startPrism({ spec: path, ...(ports === 'fixed' ? { port: vendor.mockPort } : {}) });
        return { ...prism, vendor, spec: path };
      } catch (error) {
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
