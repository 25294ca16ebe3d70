// Each fixture in test/fixtures/changes is base.yaml with one kind of change; the classifier must report
// exactly the expected changes (kind, class and JSON pointer), no more and no fewer.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { diffSpecs, requiredBump, type SpecChange } from '../src/diff.js';

const dir = join(import.meta.dirname, 'fixtures/changes');
const load = (name: string): unknown => parse(readFileSync(join(dir, `${name}.yaml`), 'utf8'));
const base = load('base');

type Expected = Pick<SpecChange, 'kind' | 'class' | 'pointer'>;
const LIST = '/paths/~1widgets/get';
const CREATE = '/paths/~1widgets/post';
const GET = '/paths/~1widgets~1{widgetId}/get';
const LIST_ITEM = `${LIST}/responses/200/content/application~1json/schema/properties/data/items`;
const CREATE_BODY = `${CREATE}/requestBody/content/application~1json/schema`;
const GET_200 = `${GET}/responses/200/content/application~1json/schema`;

const cases: Record<string, Expected[]> = {
  // major: something that worked before may not now
  'removed-operation': [{ kind: 'removed-operation', class: 'major', pointer: CREATE }],
  'removed-path': [{ kind: 'removed-path', class: 'major', pointer: '/paths/~1widgets~1{widgetId}' }],
  'renamed-path': [{ kind: 'renamed-path', class: 'major', pointer: '/paths/~1widgets~1{widgetId}' }],
  'changed-operation-id': [{ kind: 'changed-operation-id', class: 'major', pointer: `${GET}/operationId` }],
  'new-required-parameter': [{ kind: 'added-required-parameter', class: 'major', pointer: `${LIST}/parameters/2` }],
  'parameter-became-required': [{ kind: 'parameter-became-required', class: 'major', pointer: `${LIST}/parameters/0/required` }],
  'new-required-body-field': [{ kind: 'added-required-request-field', class: 'major', pointer: `${CREATE_BODY}/properties/owner` }],
  'removed-request-field': [{ kind: 'removed-request-field', class: 'major', pointer: `${CREATE_BODY}/properties/note` }],
  'narrowed-request-enum': [{ kind: 'narrowed-enum', class: 'major', pointer: `${CREATE_BODY}/properties/size/enum` }],
  'narrowed-response-enum': [{ kind: 'narrowed-enum', class: 'major', pointer: `${LIST_ITEM}/properties/status/enum` }],
  'widened-response-enum': [{ kind: 'widened-enum', class: 'major', pointer: `${LIST_ITEM}/properties/status/enum` }],
  'removed-response-field': [{ kind: 'removed-response-field', class: 'major', pointer: `${LIST_ITEM}/properties/colour` }],
  'response-field-became-optional': [{ kind: 'response-field-became-optional', class: 'major', pointer: `${GET_200}/required` }],
  'changed-type': [{ kind: 'changed-type', class: 'major', pointer: `${LIST_ITEM}/properties/id/type` }],
  'narrowed-constraint': [{ kind: 'narrowed-constraint', class: 'major', pointer: `${LIST}/parameters/1/schema/maximum` }],
  'removed-response-code': [{ kind: 'removed-response-code', class: 'major', pointer: `${LIST}/responses/401` }],
  'removed-response-media-type': [
    { kind: 'removed-response-media-type', class: 'major', pointer: `${GET}/responses/200/content/application~1json` },
    { kind: 'added-response-media-type', class: 'minor', pointer: `${GET}/responses/200/content/application~1xml` },
  ],
  'auth-changed': [
    { kind: 'auth-changed', class: 'major', pointer: '/security' },
    { kind: 'added-security-scheme', class: 'minor', pointer: '/components/securitySchemes/apiKey' },
  ],
  'auth-scheme-changed': [{ kind: 'changed-security-scheme', class: 'major', pointer: '/components/securitySchemes/bearerAuth' }],
  // minor: new things old code never meets
  'added-optional-parameter': [{ kind: 'added-optional-parameter', class: 'minor', pointer: `${LIST}/parameters/2` }],
  'added-optional-field': [{ kind: 'added-optional-request-field', class: 'minor', pointer: `${CREATE_BODY}/properties/colour` }],
  'added-request-enum-value': [{ kind: 'widened-enum', class: 'minor', pointer: `${CREATE_BODY}/properties/size/enum` }],
  'added-response-field': [{ kind: 'added-response-field', class: 'minor', pointer: `${GET_200}/properties/createdAt` }],
  'added-operation': [{ kind: 'added-operation', class: 'minor', pointer: '/paths/~1widgets~1{widgetId}/delete' }],
  'added-path': [{ kind: 'added-path', class: 'minor', pointer: '/paths/~1gadgets' }],
  // patch and none
  'documentation-only': [
    { kind: 'changed-documentation', class: 'patch', pointer: `${LIST}/description` },
    { kind: 'changed-documentation', class: 'patch', pointer: `${LIST}/responses/200/content/application~1json/example` },
  ],
  'info-version': [{ kind: 'changed-info-version', class: 'none', pointer: '/info/version' }],
};

const sortByPointer = (list: Expected[]) => [...list].sort((a, b) => a.pointer.localeCompare(b.pointer) || a.kind.localeCompare(b.kind));

describe('diffSpecs on fixture pairs (base.yaml -> <case>.yaml)', () => {
  it('finds no change between a document and itself', () => {
    expect(diffSpecs(base, load('base'))).toEqual([]);
  });

  it('has an expectation for every fixture file, and a fixture for every expectation', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') && f !== 'base.yaml')
      .map((f) => f.slice(0, -5))
      .sort();
    expect(files).toEqual(Object.keys(cases).sort());
  });

  it.each(Object.entries(cases))('%s', (name, expected) => {
    const changes = diffSpecs(base, load(name));
    expect(sortByPointer(changes.map(({ kind, class: cls, pointer }) => ({ kind, class: cls, pointer })))).toEqual(sortByPointer(expected));
    for (const change of changes) expect(change.message.length).toBeGreaterThan(5);
  });

  it('needs the largest class among the changes', () => {
    expect(requiredBump(diffSpecs(base, load('removed-response-media-type')))).toBe('major');
    expect(requiredBump(diffSpecs(base, load('added-operation')))).toBe('minor');
    expect(requiredBump(diffSpecs(base, load('documentation-only')))).toBe('patch');
    expect(requiredBump(diffSpecs(base, load('info-version')))).toBe('none');
    expect(requiredBump([])).toBe('none');
  });

  it('reads the change backwards with the opposite effect where that is the rule', () => {
    // Reversing an additive change is a removal: the same pair, read the other way, is breaking.
    expect(requiredBump(diffSpecs(load('added-operation'), base))).toBe('major');
    expect(requiredBump(diffSpecs(load('added-optional-parameter'), base))).toBe('major');
    expect(requiredBump(diffSpecs(load('added-response-field'), base))).toBe('major');
    // ...and reversing a narrowed request enum widens it again.
    expect(requiredBump(diffSpecs(load('narrowed-request-enum'), base))).toBe('minor');
    // Dropping a required API key (back to bearer only) lets every old caller in.
    expect(diffSpecs(load('auth-changed'), base).find((c) => c.pointer === '/security')?.kind).toBe('auth-relaxed');
  });

  it('ignores key order and treats path-level and operation-level parameters alike', () => {
    const reordered = load('base') as { paths: Record<string, Record<string, unknown>> };
    const item = reordered.paths['/widgets/{widgetId}']!;
    const get = item.get as { parameters: unknown[]; [k: string]: unknown };
    // The path parameter moved from the operation to the path item: the same API.
    item.parameters = get.parameters;
    delete (get as { parameters?: unknown }).parameters;
    const { responses, ...rest } = get;
    item.get = { responses, ...rest };
    expect(diffSpecs(base, reordered)).toEqual([]);
  });
});
