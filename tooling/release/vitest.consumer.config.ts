import { configDefaults, defineConfig } from 'vitest/config';
import base, { consumerTests } from './vitest.config.js';

// `pnpm test:consumer`: only the consumer tests (packing, npm installs of the tarballs, the sandbox started with npx).
export default defineConfig({ test: { ...base.test, include: consumerTests, exclude: configDefaults.exclude } });
