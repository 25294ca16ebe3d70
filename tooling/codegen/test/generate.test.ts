// The generated code is reproducible and its staleness check can fail.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isIdempotentMethod } from '@echo-openapi/runtime';
import { loadApiModel, loadVendors, repoRoot } from '@echo-openapi/tooling-core';
import { generate, generatedDir, loadClientSpecs, render, staleFiles } from '../src/generate.js';
import { checkOperationNames, vendorMetadata } from '../src/metadata.js';

const vendors = loadVendors();
const work = mkdtempSync(join(tmpdir(), 'echo-codegen-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('generated code', () => {
  it('is what the committed specs generate (the --check CI runs)', async () => {
    expect(await generate({ check: true })).toEqual([]);
  });

  it('is reported stale, by file, when a spec changes and the code is not regenerated', async () => {
    const echocue = vendors.find((v) => v.id === 'echocue')!;
    const copy = join(work, 'echocue');
    cpSync(join(repoRoot, 'specs/echocue'), copy, { recursive: true });
    const copied = { ...echocue, spec: join(copy, 'openapi.yaml') };
    expect(staleFiles(await render(copied)), 'an identical copy generates identical code').toEqual([]);
    // A second copy, edited: the model of a spec is loaded once per path.
    const edited = join(work, 'echocue-edited');
    cpSync(copy, edited, { recursive: true });
    const pathFile = join(edited, 'paths/api_stats_credits.yaml');
    writeFileSync(pathFile, readFileSync(pathFile, 'utf8').replace('operationId: getCreditStats', 'operationId: getCreditBalance'));
    const files = await render({ ...echocue, spec: join(edited, 'openapi.yaml') });
    expect(staleFiles(files)).toEqual([
      'packages/echocue/src/generated/schema.ts',
      'packages/echocue/src/generated/vendor.ts',
      'packages/echocue/src/generated/operations.ts',
    ]);
  });

  it('is reported stale when a committed file was edited by hand', async () => {
    const files = (await Promise.all(vendors.map((vendor) => render(vendor)))).flat();
    const edited = files[0]!.path;
    const read = (path: string) => readFileSync(path, 'utf8') + (path === edited ? '// hand edit\n' : '');
    expect(staleFiles(files, read)).toEqual([edited.slice(repoRoot.length + 1)]);
  });

  it('carries the runtime facts of each spec', async () => {
    const [, vendorModule, clientModule] = await render(vendors.find((v) => v.id === 'echocue')!);
    expect(vendorModule!.content).toContain('"windowSeconds": 86400');
    // A POST is not idempotent unless the spec says so (`x-idempotent: true` on a search): only that is written.
    expect(vendorModule!.content).toMatch(/"sendSms": \{\s*"method": "post",\s*"path": "\/api\/sms\/send"\s*\}/);
    expect(vendorModule!.content).toMatch(/"searchContacts": \{\s*"method": "post",\s*"path": "\/api\/contact\/search",\s*"idempotent": true\s*\}/);
    // Credentials from vendors.yaml, both required by the root security requirement.
    expect(vendorModule!.content).toMatch(/"apiSecret": \{\s*"scheme": "apiSecret",\s*"required": true\s*\}/);
    // The factory and its options are generated; the paginated operations come from x-pagination.
    expect(clientModule!.content).toContain('export function createEchoCueClient(options: EchoCueClientOptions): EchoCueClient {');
    expect(clientModule!.content).toMatch(/^ {2}apiKey: string;$/m);
    expect(clientModule!.content).toContain("listDevices: { method: 'get'; path: '/api/device/list'; items: 'data.devices' };");
  });

  it('generates what vendors.yaml says: a required server variable, an optional credential, a scheme choice, a body-status envelope', async () => {
    const [, userEchoVendor, userEchoClient] = await render(vendors.find((v) => v.id === 'userecho')!);
    expect(userEchoClient!.content).toMatch(/^ {2}alias: string;$/m);
    expect(userEchoClient!.content).toMatch(/^ {2}tokenIn\?: 'query' \| 'header';$/m);
    expect(userEchoVendor!.content).toMatch(/"failureField": "status",\s*"failureValues": \[\s*"error",\s*"fail"\s*\]/);
    const [, , echowinClient] = await render(vendors.find((v) => v.id === 'echowin')!);
    expect(echowinClient!.content).toMatch(/^ {2}apiKey: string;$/m);
    expect(echowinClient!.content).toMatch(/^ {2}agencyKey\?: string;$/m);
  });

  it("gives a client spec that is no vendor (vendors.yaml clients:) the same client, written beside its package's code", async () => {
    const control = loadClientSpecs().find((c) => c.id === 'sandbox')!;
    const files = await render(control, { types: join(generatedDir(control), 'schema.ts') });
    expect(files.map((f) => f.path.slice(repoRoot.length + 1))).toEqual(
      ['schema', 'vendor', 'client', 'operations'].map((name) => `packages/sandbox/src/generated/${name}.ts`),
    );
    const [, metadata, client, operations] = files;
    // Alternatives (the admin token, or a tenant's key): no credential is needed by all, so none is required.
    expect(client!.content).toMatch(/^ {2}adminToken\?: string;$/m);
    expect(client!.content).toMatch(/^ {2}bearerKey\?: string;$/m);
    expect(client!.content).not.toMatch(/^ {2}\w+: string;$/m);
    expect(client!.content).toContain('export function createSandboxControlClient(options: SandboxControlClientOptions): SandboxControlClient {');
    expect(metadata!.content).toMatch(/"security": \[\s*\[\s*"adminToken"\s*\],/);
    expect(operations!.content).toContain("advanceClock: OperationMethod<operations['advanceClock']>;");
  });

  it('types every operation as a client method, with its summary, description, reference link and paginated items', async () => {
    for (const vendor of vendors) {
      const model = await loadApiModel(vendor);
      const operationsModule = (await render(vendor)).find((file) => file.path.endsWith('/operations.ts'))!.content;
      for (const op of model.operations) {
        const member = new RegExp(
          `\\n {2}/\\*\\*\\n((?: {3}\\*.*\\n)+?) {3}\\*/\\n {2}${op.id}: OperationMethod<operations\\['${op.id}'\\](, '[^']+')?>;`,
        );
        const [, comment, items] = member.exec(operationsModule) ?? [];
        expect(comment, `${vendor.id} ${op.id}`).toBeDefined();
        expect(comment, `${vendor.id} ${op.id}`).toContain(op.summary ?? op.id);
        expect(comment, `${vendor.id} ${op.id}`).toContain(`\`${op.method.toUpperCase()} ${op.path}\``);
        expect(comment, `${vendor.id} ${op.id}`).toMatch(
          new RegExp(`@see \\{@link https://\\S+/${vendor.id}/index\\.html#/[a-z0-9-]*/${op.id.toLowerCase()} \\| ${op.id} in the `),
        );
        expect(items, `${vendor.id} ${op.id}`).toBe(op.pagination ? `, '${op.pagination.items}'` : undefined);
      }
    }
    const [, , echowinClient] = await render(vendors.find((v) => v.id === 'echowin')!);
    expect(echowinClient!.content).toContain('export type EchowinClient = EchoClient<paths, PaginatedOperations> & OperationMethods;');
  });

  it('refuses an operationId that cannot name a client method, naming it', async () => {
    const vendor = vendors.find((v) => v.id === 'echowin')!;
    const model = await loadApiModel(vendor);
    for (const id of ['GET', 'use', 'then', 'constructor', 'send-sms']) {
      const renamed = { ...model, operations: model.operations.map((op, i) => (i === 0 ? { ...op, id } : op)) };
      expect(() => checkOperationNames(vendor, renamed), id).toThrow(
        new RegExp(`operationId "${id}" \\(GET /contacts\\) cannot name a client method`),
      );
    }
    expect(() => checkOperationNames(vendor, model)).not.toThrow();
  });

  it("states each operation's security and idempotency exactly, as overrides of the vendor's and the method's", async () => {
    for (const vendor of vendors) {
      const model = await loadApiModel(vendor);
      const metadata = vendorMetadata(vendor, model);
      for (const op of model.operations) {
        const entry = metadata.operations[op.id]!;
        expect(entry.security ?? metadata.security, `${vendor.id} ${op.id} security`).toEqual(op.security);
        // What the runtime derives when the metadata leaves a fact out.
        expect(entry.idempotent ?? isIdempotentMethod(op.method.toUpperCase()), `${vendor.id} ${op.id} idempotent`).toBe(op.idempotent);
      }
    }
  });
});
