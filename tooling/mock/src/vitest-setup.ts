import type {} from 'vitest'; // brings vitest into this module's graph, so the augmentation below applies
import { selectVendors } from '@echo-openapi/tooling-core';
import { startMocks } from './mocks.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the Prism mock the suite runs against. */
    mockUrl: string;
  }
}

/**
 * A vitest globalSetup that serves one vendor's spec with Prism on a free port for the whole run and
 * stops it afterwards: `export default mockSetup('echocue')` in a package's test/global-setup.ts, then
 * `inject('mockUrl')` in tests.
 */
export function mockSetup(vendorId: string) {
  return async ({ provide }: { provide: (key: 'mockUrl', value: string) => void }) => {
    const [mock] = await startMocks(selectVendors([vendorId]), { ports: 'free' });
    provide('mockUrl', mock!.url);
    return () => mock!.stop();
  };
}
