export {
  createServer,
  createVendorSandbox,
  DEFAULT_LIMITS,
  startSandbox,
  vendorFacts,
  type RunningSandbox,
  type SandboxLimits,
  type SandboxOptions,
  type ServerOptions,
} from './server.js';
export {
  createSandboxControlClient,
  type OperationMethods as SandboxControlOperations,
  type SandboxControlClient,
  type SandboxControlClientOptions,
} from './generated/client.js';
export type { paths as SandboxControlPaths } from './generated/schema.js';
export { ADMIN_TOKEN_ENV, ADMIN_TOKEN_HEADER, type Caller } from './control/access.js';
export {
  VendorSandbox,
  TenantRecords,
  tenantId,
  type Behaviour,
  type ControlRouter,
  type GenericOptions,
  type OperationContext,
  type Reply,
  type RequestLogEntry,
  type SandboxExtension,
  type SandboxRequest,
  type VendorFacts,
  type VendorModule,
} from './engine.js';
export { Store, StoreFullError, SEED_TENANT, MIGRATIONS, migrate } from './store.js';
export { RateLimiter, type RatePolicy } from './rate-limit.js';
