import { mockSetup } from '@echo-openapi/mock/vitest';

// Prism serving specs/echowin on a free port for the whole test run.
export default mockSetup('echowin');
