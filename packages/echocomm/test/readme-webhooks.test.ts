// The README's webhook examples (plain, Express, Fastify, Hono) must compile against this package's source
// and the frameworks' real type definitions (devDependencies), as a user's strict NodeNext project would.
// The docs package type-checks the plain ```ts blocks against the built package; the framework blocks
// (```ts framework=<name>) need the frameworks installed, which is why they are checked here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typecheckAsUser } from '@echo-openapi/tooling-core/typecheck';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Receiving webhooks'));
const blocks = [...section.matchAll(/```ts(?: framework=(\w+))?\n([\s\S]*?)```/g)].map((m, i) => ({ name: m[1] ?? `plain${i + 1}`, source: m[2]! }));

function typecheck(modules: { name: string; source: string }[]): string[] {
  return typecheckAsUser(join(packageDir, '.build'), modules, {
    // The package as its users import it, without building it first.
    baseUrl: packageDir,
    paths: { '@echo-openapi/echocomm': ['src/index.ts'] },
    allowImportingTsExtensions: true,
  });
}

// Each type-check is a whole TypeScript program with the frameworks' types, in this process: seconds on a quiet
// machine, 90 s on 2 cores under `pnpm test:stress` with other work running (a 60 s budget failed there). CPU
// work, not a wait: the docs suite's budget for the same kind of check.
describe('README: Receiving webhooks', { timeout: 180_000 }, () => {
  it('has the plain, Express, Fastify and Hono examples', () => {
    expect(blocks.map((b) => b.name)).toEqual(expect.arrayContaining(['express', 'fastify', 'hono']));
    expect(blocks.filter((b) => b.name.startsWith('plain')).length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) expect(block.source).toContain('verifyWebhook(');
  });

  it('type-checks against the package and the frameworks', () => {
    expect(typecheck(blocks)).toEqual([]);
  });

  it('would fail on a misuse (the check is live)', () => {
    const broken = blocks.map((b) => ({ ...b, source: b.source.replace("'X-Webhook-Secret': ", "'X-Webhook-Secret': 42 as number, other: ") }));
    const errors = typecheck(broken);
    for (const block of blocks) expect(errors.join('\n')).toContain(`${block.name}:`);
  });
});
