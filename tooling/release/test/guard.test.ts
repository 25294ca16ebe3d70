// The guard end to end on a fixture vendor: the released snapshot is base.yaml bundled as `pnpm
// version-packages` would write it, the current spec is one fixture change, and the pending changesets
// are files in a temporary .changeset folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Vendor } from '@echo-openapi/tooling-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE, widgetsVendor } from './helpers/widgets.js';
import { parseChangeset, readChangesets } from '../src/changesets.js';
import { formatGuard, judge, runGuard, writeChangeReports } from '../src/guard.js';
import { writeReleased } from '../src/released.js';

const fixtures = join(import.meta.dirname, 'fixtures/changes');
const fixtureVendor = (change: string): Vendor => widgetsVendor(join(fixtures, `${change}.yaml`), 'guard fixture');

let work: string;
let released: string;
let changesetCount = 0;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'release-guard-'));
  released = join(work, 'released');
  await writeReleased([fixtureVendor('base')], { root: work, dir: released });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A fresh .changeset folder holding one changeset per given bump. */
function changesets(...bumps: string[]): string {
  const dir = join(work, `changesets-${++changesetCount}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'README.md'), '# not a changeset\n');
  bumps.forEach((bump, i) => {
    writeFileSync(join(dir, `change-${i}.md`), `---\n"${PACKAGE}": ${bump}\n---\n\nA change.\n`);
  });
  return dir;
}

const guard = (change: string, changesetDir: string) =>
  runGuard({ vendors: [fixtureVendor(change)], root: work, releasedDir: released, changesetDir, knownPackages: [PACKAGE, '@fixture/other'] });

describe('the breaking-change guard', () => {
  it('passes an unchanged spec with no changeset', async () => {
    const result = await guard('base', changesets());
    expect(result.ok).toBe(true);
    expect(result.verdicts[0]!.changes).toEqual([]);
  });

  it('fails a breaking change without a major changeset, and passes it with one', async () => {
    const none = await guard('removed-operation', changesets());
    expect(none.ok).toBe(false);
    expect(none.verdicts[0]!.problems.join('\n')).toMatch(/no changeset covers @fixture\/widgets.*at least major/);

    const minor = await guard('removed-operation', changesets('minor'));
    expect(minor.ok).toBe(false);
    expect(minor.verdicts[0]!.problems.join('\n')).toMatch(
      /a breaking change needs a major bump, but the pending changesets give minor: changesets-\d+\/change-0\.md:2 \(minor\)/,
    );
    const report = formatGuard(minor, released, work);
    // Every change is printed with its class, kind and JSON pointer.
    expect(report).toMatch(/major\s+removed-operation\s+\/paths\/~1widgets\/post\s+operation POST \/widgets removed/);
    expect(report).toContain('FAIL:');
    expect(report).toContain('Breaking-change guard: FAILED.');

    // The largest of several pending bumps counts.
    expect((await guard('removed-operation', changesets('patch', 'major'))).ok).toBe(true);
  });

  it('passes an additive change with a minor changeset, and fails it with none or a patch', async () => {
    const minor = await guard('added-operation', changesets('minor'));
    expect(minor.ok).toBe(true);
    expect(formatGuard(minor, released, work)).toMatch(/minor\s+added-operation\s+\/paths\/~1widgets~1\{widgetId\}\/delete/);
    expect((await guard('added-operation', changesets('major'))).ok).toBe(true);

    const none = await guard('added-operation', changesets());
    expect(none.ok).toBe(false);
    expect(none.verdicts[0]!.problems[0]).toContain('no changeset covers @fixture/widgets');

    const patch = await guard('added-operation', changesets('patch'));
    expect(patch.ok).toBe(false);
    expect(patch.verdicts[0]!.problems[0]).toContain('need at least a minor bump, but the pending changesets give patch');
  });

  it('ignores changesets for other packages and needs nothing for info.version alone', async () => {
    const other = changesets();
    writeFileSync(join(other, 'other.md'), `---\n"@fixture/other": major\n---\n\nElsewhere.\n`);
    expect((await guard('added-operation', other)).ok).toBe(false);
    expect((await guard('info-version', changesets())).ok).toBe(true);
  });

  it('prints major and minor changes in full, counts the patch-class ones by kind, and writes every change to a file', async () => {
    const docs = await guard('documentation-only', changesets('patch'));
    const { vendor, changes } = docs.verdicts[0]!;
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.class === 'patch')).toBe(true);
    const detailsDir = join(work, 'reports-release');
    writeChangeReports(docs, detailsDir);
    const summary = formatGuard(docs, released, work, { detailsDir });
    expect(summary).not.toMatch(/^ {2}patch {2}\S+ {2,}\//m); // no change line of its own
    expect(summary).toContain(`(patch ${changes.length}), needs patch`);
    expect(summary).toMatch(
      new RegExp(`^  patch  ${changes.length} more: .+ \\(reports-release/${vendor.id}\\.txt lists every change, --verbose prints them\\)$`, 'm'),
    );
    const everyLine = (text: string) => text.split('\n').filter((line) => /^ {2}patch {2}\S+ {2,}\//.test(line));
    expect(everyLine(formatGuard(docs, released, work, { verbose: true }))).toHaveLength(changes.length);
    expect(everyLine(readFileSync(join(detailsDir, `${vendor.id}.txt`), 'utf8'))).toHaveLength(changes.length);

    // A minor change is still printed in full by default.
    expect(formatGuard(await guard('added-operation', changesets('minor')), released, work)).toMatch(/^ {2}minor\s+added-operation\s+\//m);
  });

  it('lets a never-released package through (there is nothing to compare yet)', () => {
    const verdict = judge(fixtureVendor('removed-operation'), [], false, []);
    expect(verdict.problems).toEqual([]);
  });
});

describe('pending changesets', () => {
  const known = [PACKAGE, '@fixture/other'];

  it('reads the bump per package, with file and line', () => {
    const bumps = parseChangeset(`---\n"${PACKAGE}": minor\n'@fixture/other': patch\n---\n\nText.\n`, '.changeset/a.md', known);
    expect(bumps).toEqual([
      { package: PACKAGE, bump: 'minor', file: '.changeset/a.md', line: 2 },
      { package: '@fixture/other', bump: 'patch', file: '.changeset/a.md', line: 3 },
    ]);
    expect(parseChangeset('---\n---\n\nReleases nothing.\n', '.changeset/empty.md', known)).toEqual([]);
  });

  it('names the file and line of a malformed changeset', () => {
    expect(() => parseChangeset(`---\n"${PACKAGE}": minor\n"@fixture/other": huge\n---\n`, '.changeset/b.md', known)).toThrow(
      '.changeset/b.md:3: "@fixture/other": "huge" is not major, minor, patch or none',
    );
    expect(() => parseChangeset(`---\n"@nobody/pkg": minor\n---\n`, '.changeset/c.md', known)).toThrow(
      /\.changeset\/c\.md:2: unknown package "@nobody\/pkg"/,
    );
    expect(() => parseChangeset(`"${PACKAGE}": minor\n`, '.changeset/d.md', known)).toThrow('.changeset/d.md:1: a changeset starts with');
    expect(() => parseChangeset(`---\n"${PACKAGE}": minor\n`, '.changeset/e.md', known)).toThrow('.changeset/e.md:1: the front matter is not closed');
    expect(() => parseChangeset(`---\n"${PACKAGE}": [minor\n---\n`, '.changeset/f.md', known)).toThrow(/^\.changeset\/f\.md:\d+: /);
  });

  it('skips README.md and non-markdown files in the folder', () => {
    const dir = changesets('minor');
    writeFileSync(join(dir, 'config.json'), '{}');
    expect(readChangesets(dir, known, work).map((b) => b.bump)).toEqual(['minor']);
  });
});
