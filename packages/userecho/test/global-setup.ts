import { mockSetup } from '@echo-openapi/mock/vitest';

// Prism serving specs/userecho on a free port for the whole test run.
export default mockSetup('userecho');
