// Every API path a README names must exist in its API, checked by the TypeScript compiler against the
// generated `paths` types of the clients: `/api/sms/send-bulk` in prose fails the same way a wrong path in
// code does. Where a README names the method too (`POST /x`, `.POST('/x'`), the method must exist on it.
// Vendor package READMEs are checked against their own API; the root README and the other packages' READMEs
// against every API (a path in them must belong to one of the four).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVendors, repoRoot, type Vendor } from '@echo-openapi/tooling-core';
import { typecheck } from './helpers/samples.js';

const vendors = loadVendors();

export interface PathMention {
  /** `README.md:26`, for the failure message. */
  where: string;
  path: string;
  method?: string;
}

/**
 * The API paths a README names: the first argument of a client call (`.GET('/x'`), and in prose every
 * backticked path (`` `/x` `` or `` `POST /x` ``). In the READMEs of packages that are not an API's client,
 * prose paths are examples of that package's own behaviour; only client calls count there.
 */
export function pathMentions(readme: string, file: string, prose: boolean): PathMention[] {
  const mentions: PathMention[] = [];
  readme.split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    for (const m of line.matchAll(/\.(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE)\(\s*['"`](\/[^'"`]*)['"`]/g))
      mentions.push({ where, method: m[1], path: m[2]! });
    if (!prose) return;
    for (const m of line.matchAll(/`(?:(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE) )?(\/[A-Za-z0-9_{}./-]*)`/g)) {
      // Not a vendor's path: the sandbox's control API (described in packages/sandbox/control.openapi.yaml and
      // checked there) and site folders such as `/` or `/echo-openapi/`.
      if (m[2]!.startsWith('/__sandbox/') || m[2]!.endsWith('/')) continue;
      mentions.push({ where, ...(m[1] ? { method: m[1] } : {}), path: m[2]! });
    }
  });
  return mentions;
}

/** A module that compiles only if every mention is a path (and method) of one of `apis`; one line per mention. */
export function pathCheckModule(mentions: PathMention[], apis: Vendor[]): string {
  const names = apis.map((_, i) => `Api${i}`);
  return [
    ...apis.map((api, i) => `import type { paths as ${names[i]} } from '${api.package}';`),
    `type Paths = ${names.map((n) => `keyof ${n}`).join(' | ')};`,
    // openapi-typescript declares every method on a path item, absent ones as `never`.
    'type Defined<T> = { [M in keyof T]-?: [NonNullable<T[M]>] extends [never] ? never : M }[keyof T];',
    `type MethodsAt<P> = ${names.map((n) => `(P extends keyof ${n} ? Defined<${n}[P]> : never)`).join(' | ')};`,
    ...mentions.map((m, i) =>
      m.method
        ? `const mention${i}: MethodsAt<${JSON.stringify(m.path)}> = ${JSON.stringify(m.method.toLowerCase())}; // ${m.where} ${m.method} ${m.path}`
        : `const mention${i}: Paths = ${JSON.stringify(m.path)}; // ${m.where} ${m.path}`,
    ),
    'export {};',
    '',
  ].join('\n');
}

/** Type-checks the mentions; returns `README.md:26 /path: <compiler message>` per failing mention. */
function checkMentions(label: string, mentions: PathMention[], apis: Vendor[]): string[] {
  const source = pathCheckModule(mentions, apis);
  const lines = source.split('\n');
  return typecheck([{ name: label, source }]).map((diagnostic) => {
    const line = Number(/^[^:]+:(\d+):/.exec(diagnostic)?.[1]);
    const comment = /\/\/ (.*)$/.exec(lines[line - 1] ?? '')?.[1];
    return comment ? `${comment}: ${diagnostic.replace(/^\S+ /, '')}` : diagnostic;
  });
}

/** The READMEs: the root one, and one per package, each with the APIs its paths must belong to. */
function readmes(): { file: string; apis: Vendor[]; prose: boolean }[] {
  const packages = readdirSync(join(repoRoot, 'packages'))
    .map((dir) => `packages/${dir}/README.md`)
    .filter((file) => existsSync(join(repoRoot, file)))
    .sort();
  return [
    { file: 'README.md', apis: vendors, prose: true },
    ...packages.map((file) => {
      const own = vendors.find((v) => `${v.packageDir}/README.md` === file);
      return own ? { file, apis: [own], prose: true } : { file, apis: vendors, prose: false };
    }),
  ];
}

describe('API paths named in the READMEs', () => {
  it.each(readmes())(
    '$file names only paths its API has',
    ({ file, apis, prose }) => {
      const mentions = pathMentions(readFileSync(join(repoRoot, file), 'utf8'), file, prose);
      if (mentions.length === 0) return;
      expect(checkMentions(file.replace(/[^\w]+/g, '-'), mentions, apis)).toEqual([]);
    },
    120_000,
  );

  it('every vendor README names at least one path, so the check has something to check', () => {
    for (const vendor of vendors)
      expect(
        pathMentions(readFileSync(join(repoRoot, vendor.packageDir, 'README.md'), 'utf8'), vendor.packageDir, true).length,
        vendor.package,
      ).toBeGreaterThan(0);
  });

  it('a wrong path in prose, a wrong path in code and a wrong method each fail, naming the README line', () => {
    const echocue = vendors.find((v) => v.id === 'echocue')!;
    const readme = [
      'Send in bulk with `/api/sms/send-bulk`.',
      '```ts',
      "await echocue.GET('/api/device/lists');",
      '```',
      'Or `DELETE /api/sms/send`, or `POST /api/sms/send` (this one exists).',
    ].join('\n');
    const mentions = pathMentions(readme, 'FIXTURE.md', true);
    expect(mentions.map((m) => `${m.method ?? ''} ${m.path}`.trim())).toEqual([
      '/api/sms/send-bulk',
      'GET /api/device/lists',
      'DELETE /api/sms/send',
      'POST /api/sms/send',
    ]);
    const failures = checkMentions('fixture', mentions, [echocue]);
    expect(failures.map((f) => f.split(': ')[0])).toEqual([
      'FIXTURE.md:1 /api/sms/send-bulk',
      'FIXTURE.md:3 GET /api/device/lists',
      'FIXTURE.md:5 DELETE /api/sms/send',
    ]);
  }, 120_000);
});
