export { loadVendors, selectVendors, specPath, repoRoot, type Vendor, type CredentialOption } from './vendors.js';
export { bundleSpec, bundleFile, type Bundle, type BundleOptions, type OpenApiDocument } from './bundle.js';
export { startPrism, freePort, type RunningPrism, type PrismOptions } from './prism.js';
export { binPath, runCommand, runNode, runUntilSignal, killTree, type RunResult } from './process.js';
export { parseArgs, usageError, formatHelp, wantsHelp, type CommandHelp } from './args.js';
export { loadApiModel, type VendorModel } from './model.js';
export { busyPortLine, busyPortLines, holdPort, isPortFree, portHolder, type PortUse } from './ports.js';
