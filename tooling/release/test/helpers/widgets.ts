// The toy vendor the release tests version, diff and guard: a vendor entry as specs/vendors.yaml would give it.
import type { Vendor } from '@echo-openapi/tooling-core';

export const PACKAGE = '@fixture/widgets';

export function widgetsVendor(spec: string, purpose = 'fixture'): Vendor {
  return {
    id: 'widgets',
    title: 'Widgets',
    purpose,
    spec,
    package: PACKAGE,
    packageDir: 'packages/widgets',
    factory: 'createWidgetsClient',
    mockPort: 0,
    sandboxPort: 0,
    credentials: {},
    baseUrlEnv: 'WIDGETS_BASE_URL',
    errorEnvelope: { message: 'message' },
  };
}
