/**
 * Classifies every difference between two dereferenced OpenAPI 3.0 documents (the last released spec and
 * the current one) by what it does to a user of the generated client:
 *
 *   major  a call that compiled or worked before may not now (removed operation, new required input,
 *          narrowed enum, removed response field or code, changed type, auth change, ...)
 *   minor  something new that old code never sees (added operation, optional parameter or field, ...)
 *   patch  documentation only (description, summary, example, extensions, tags)
 *   none   info.version, which the release tooling itself writes
 *
 * Direction matters: a schema that is sent (parameters, request bodies) breaks when it accepts less; a
 * schema that is received (responses) breaks when it promises less.
 */

import { buildApiModel, HTTP_METHODS, parameterKey, type ApiModel, type ApiOperation, type OpenApiDocument } from '@echo-openapi/api-model';

export type ChangeClass = 'major' | 'minor' | 'patch' | 'none';

export interface SpecChange {
  /** JSON pointer to the changed node: in the current spec, or in the released one for a removal. */
  pointer: string;
  class: ChangeClass;
  /** A stable identifier of the kind of change (tests and tools match on it). */
  kind: string;
  message: string;
}

export const CLASS_ORDER: readonly ChangeClass[] = ['none', 'patch', 'minor', 'major'];

/** The larger of two classes (major > minor > patch > none). */
export function maxClass(a: ChangeClass, b: ChangeClass): ChangeClass {
  return CLASS_ORDER.indexOf(a) >= CLASS_ORDER.indexOf(b) ? a : b;
}

type Json = unknown;
type Obj = Record<string, Json>;
type Direction = 'request' | 'response';

/** Component sections openapi-typescript exports as types: removing one of their entries breaks imports. */
const TYPED_COMPONENTS = new Set(['schemas', 'responses', 'parameters', 'requestBodies', 'headers']);

/** Keys whose value is shown to people, never interpreted: any change to them is documentation. */
const LEAF_KEYS = new Set(['description', 'summary', 'example', 'examples', 'title', 'externalDocs', 'default']);

// A dereferenced document has no cycles in JSON, but a hand-built one might; no real spec nests deeper.
const MAX_DEPTH = 200;

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function ptr(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((s) => `/${escapePointer(String(s))}`).join('');
}

function isObj(value: Json): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: Json): Obj {
  return isObj(value) ? value : {};
}

/** Structural equality that ignores key order (YAML authors may reorder keys without changing meaning). */
export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function preview(value: Json): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function union(a: Obj, b: Obj): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])];
}

class Differ {
  readonly changes: SpecChange[] = [];
  // The operations of each side, read through the API model (methods, ids, merged parameters).
  private before!: ApiModel;
  private after!: ApiModel;

  add(pointer: string, cls: ChangeClass, kind: string, message: string): void {
    this.changes.push({ pointer, class: cls, kind, message });
  }

  /**
   * Documentation and everything no rule here interprets: the keys of `a`/`b` not in `skip`, reported as
   * patch at the deepest key that differs (a whole example or extension counts as one change).
   */
  generic(a: Json, b: Json, at: string, skip: ReadonlySet<string> = new Set()): void {
    if (isObj(a) && isObj(b)) {
      for (const k of union(a, b)) if (!skip.has(k)) this.leaf(a[k], b[k], ptr(at, k), k, 0);
    } else {
      this.leaf(a, b, at, at.slice(at.lastIndexOf('/') + 1), 0);
    }
  }

  private leaf(a: Json, b: Json, at: string, key: string, depth: number): void {
    if (deepEqual(a, b)) return;
    if (isObj(a) && isObj(b) && !LEAF_KEYS.has(key) && !key.startsWith('x-') && depth < MAX_DEPTH) {
      for (const k of union(a, b)) this.leaf(a[k], b[k], ptr(at, k), k, depth + 1);
      return;
    }
    const what = a === undefined ? 'added' : b === undefined ? 'removed' : 'changed';
    const isVersion = at === '/info/version';
    this.add(
      at,
      isVersion ? 'none' : 'patch',
      isVersion ? 'changed-info-version' : 'changed-documentation',
      `${key} ${what}: ${what === 'changed' ? `${preview(a)} -> ${preview(b)}` : preview(a ?? b)}`,
    );
  }

  document(a: Obj, b: Obj): void {
    this.before = buildApiModel(a as unknown as OpenApiDocument);
    this.after = buildApiModel(b as unknown as OpenApiDocument);
    this.generic(a.info, b.info, '/info');
    this.servers(a.servers, b.servers, '/servers');
    this.security(a.security, b.security, '/security', 'the API');
    this.paths(obj(a.paths), obj(b.paths), a.security, b.security);
    this.components(obj(a.components), obj(b.components));
    this.generic(a, b, '', new Set(['info', 'servers', 'security', 'paths', 'components']));
  }

  // Components are compared where they are used (the dereferenced paths); here only their names, which
  // openapi-typescript exports as `components["schemas"]["Name"]` and friends, and the security schemes.
  components(a: Obj, b: Obj): void {
    for (const section of union(a, b)) {
      const sa = obj(a[section]);
      const sb = obj(b[section]);
      const at = ptr('/components', section);
      if (section === 'securitySchemes') {
        for (const name of union(sa, sb)) {
          const here = ptr(at, name);
          if (!(name in sb)) this.add(here, 'major', 'removed-security-scheme', `security scheme ${name} removed`);
          else if (!(name in sa)) this.add(here, 'minor', 'added-security-scheme', `security scheme ${name} added`);
          else {
            const x = obj(sa[name]);
            const y = obj(sb[name]);
            const wire = ['type', 'scheme', 'in', 'name', 'flows', 'openIdConnectUrl'];
            const changed = wire.filter((k) => !deepEqual(x[k], y[k]));
            if (changed.length > 0)
              this.add(
                here,
                'major',
                'changed-security-scheme',
                `security scheme ${name}: ${changed.join(', ')} changed (credentials travel differently)`,
              );
            this.generic(x, y, here, new Set(wire));
          }
        }
        continue;
      }
      const typed = TYPED_COMPONENTS.has(section);
      for (const name of union(sa, sb)) {
        const here = ptr(at, name);
        if (!(name in sb))
          this.add(
            here,
            typed ? 'major' : 'patch',
            'removed-component',
            `components.${section}.${name} removed${typed ? ' (an exported type)' : ''}`,
          );
        else if (!(name in sa)) this.add(here, typed ? 'minor' : 'patch', 'added-component', `components.${section}.${name} added`);
      }
    }
  }

  servers(a: Json, b: Json, at: string): void {
    const sa = Array.isArray(a) ? a.map(obj) : [];
    const sb = Array.isArray(b) ? b.map(obj) : [];
    for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
      const x = sa[i];
      const y = sb[i];
      if (!y) this.add(ptr(at, i), 'major', 'removed-server', `server ${preview(x?.url)} removed`);
      else if (!x) this.add(ptr(at, i), 'minor', 'added-server', `server ${preview(y.url)} added`);
      else {
        if (x.url !== y.url)
          this.add(
            ptr(at, i, 'url'),
            'major',
            'changed-server-url',
            `server URL ${preview(x.url)} -> ${preview(y.url)}: clients call a different base URL`,
          );
        this.generic(x, y, ptr(at, i), new Set(['url']));
      }
    }
  }

  /**
   * Security requirements as alternatives, each a set of schemes (with scopes). A caller keeps working when
   * some new alternative asks for a subset of what it sends; otherwise the change locks it out (major).
   * Only new ways in, or less to send, is minor.
   */
  security(a: Json, b: Json, at: string, where: string): void {
    const alternatives = (value: Json): string[][] => {
      const list = Array.isArray(value) ? value.map(obj) : [];
      if (list.length === 0) return [[]];
      return list.map((req) =>
        Object.entries(req)
          .map(([name, scopes]) => (Array.isArray(scopes) && scopes.length > 0 ? `${name}[${[...scopes].sort().join(',')}]` : name))
          .sort(),
      );
    };
    const label = (alt: string[]) => (alt.length === 0 ? '(no auth)' : alt.join(' + '));
    const same = (x: string[], y: string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
    const before = alternatives(a);
    const after = alternatives(b);
    if (before.length === after.length && before.every((x) => after.some((y) => same(x, y)))) return;
    const lockedOut = before.filter((old) => !after.some((alt) => alt.every((s) => old.includes(s))));
    const summary = `${before.map(label).join(' | ')} -> ${after.map(label).join(' | ')}`;
    if (lockedOut.length > 0) {
      this.add(at, 'major', 'auth-changed', `security of ${where}: ${summary}; callers sending ${lockedOut.map(label).join(' | ')} are refused`);
    } else {
      this.add(at, 'minor', 'auth-relaxed', `security of ${where}: ${summary}; every old caller still gets in`);
    }
  }

  paths(a: Obj, b: Obj, rootSecurityA: Json, rootSecurityB: Json): void {
    const operationIds = (model: ApiModel, path: string): string =>
      operationsAt(model, path)
        .map((op) => op.id)
        .sort()
        .join(',');
    const removed = Object.keys(a).filter((p) => !(p in b));
    const added = Object.keys(b).filter((p) => !(p in a));
    const renamedTo = new Map<string, string>();
    for (const p of removed) {
      const ids = operationIds(this.before, p);
      const target = ids ? added.find((q) => !new Set(renamedTo.values()).has(q) && operationIds(this.after, q) === ids) : undefined;
      if (target) renamedTo.set(p, target);
    }
    for (const p of removed) {
      const target = renamedTo.get(p);
      if (target) this.add(ptr('/paths', p), 'major', 'renamed-path', `path ${p} renamed to ${target}: calls to the old path fail`);
      else this.add(ptr('/paths', p), 'major', 'removed-path', `path ${p} removed (${methodsOf(this.before, p)})`);
    }
    for (const p of added) {
      if (![...renamedTo.values()].includes(p)) this.add(ptr('/paths', p), 'minor', 'added-path', `path ${p} added (${methodsOf(this.after, p)})`);
    }
    for (const p of Object.keys(b)) {
      if (p in a) this.pathItem(obj(a[p]), obj(b[p]), ptr('/paths', p), p, rootSecurityA, rootSecurityB);
    }
  }

  pathItem(a: Obj, b: Obj, at: string, path: string, rootSecurityA: Json, rootSecurityB: Json): void {
    for (const m of HTTP_METHODS) {
      const label = `${m.toUpperCase()} ${path}`;
      const [opA] = operationsAt(this.before, path, m);
      const [opB] = operationsAt(this.after, path, m);
      if (opA && !opB) this.add(ptr(at, m), 'major', 'removed-operation', `operation ${label} removed`);
      else if (!opA && opB) this.add(ptr(at, m), 'minor', 'added-operation', `operation ${label} added`);
      else if (opA && opB) this.operation({ op: opA, item: a }, { op: opB, item: b }, ptr(at, m), label, rootSecurityA, rootSecurityB);
    }
    // Path-level parameters are compared as part of each operation's effective parameters.
    this.generic(a, b, at, new Set([...HTTP_METHODS, 'parameters']));
  }

  operation(before: LocatedOperation, after: LocatedOperation, at: string, label: string, rootSecurityA: Json, rootSecurityB: Json): void {
    const a = before.op.object as unknown as Obj;
    const b = after.op.object as unknown as Obj;
    if (before.op.id !== after.op.id) {
      this.add(
        ptr(at, 'operationId'),
        'major',
        'changed-operation-id',
        `${label}: operationId ${preview(before.op.id)} -> ${preview(after.op.id)} (the exported operations type and pagination key)`,
      );
    }
    this.parameters(effectiveParameters(before, at), effectiveParameters(after, at), label);
    this.requestBody(a.requestBody, b.requestBody, ptr(at, 'requestBody'), label);
    this.responses(obj(a.responses), obj(b.responses), ptr(at, 'responses'), label);
    // Operations that inherit the root security are covered by the root comparison.
    if ('security' in a || 'security' in b) {
      this.security(a.security ?? rootSecurityA, b.security ?? rootSecurityB, ptr(at, 'security'), label);
    }
    this.generic(a, b, at, new Set(['operationId', 'parameters', 'requestBody', 'responses', 'security']));
  }

  parameters(a: Map<string, LocatedParameter>, b: Map<string, LocatedParameter>, label: string): void {
    for (const [key, pa] of a) {
      if (!b.has(key))
        this.add(pa.pointer, 'major', 'removed-parameter', `${label}: ${describeParam(pa.value)} removed (code passing it no longer compiles)`);
    }
    for (const [key, pb] of b) {
      const pa = a.get(key);
      const requiredB = pb.value.required === true || pb.value.in === 'path';
      if (!pa) {
        if (requiredB) this.add(pb.pointer, 'major', 'added-required-parameter', `${label}: new required ${describeParam(pb.value)}`);
        else this.add(pb.pointer, 'minor', 'added-optional-parameter', `${label}: new optional ${describeParam(pb.value)}`);
        continue;
      }
      const x = pa.value;
      const y = pb.value;
      const requiredA = x.required === true || x.in === 'path';
      if (!requiredA && requiredB)
        this.add(ptr(pb.pointer, 'required'), 'major', 'parameter-became-required', `${label}: ${describeParam(y)} is now required`);
      if (requiredA && !requiredB)
        this.add(ptr(pb.pointer, 'required'), 'minor', 'parameter-became-optional', `${label}: ${describeParam(y)} is now optional`);
      const style = (p: Obj) => (p.style as string | undefined) ?? (p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple');
      const explode = (p: Obj) => (p.explode as boolean | undefined) ?? style(p) === 'form';
      if (style(x) !== style(y) || explode(x) !== explode(y) || Boolean(x.allowReserved) !== Boolean(y.allowReserved)) {
        this.add(
          pb.pointer,
          'major',
          'changed-parameter-serialization',
          `${label}: ${describeParam(y)} is serialized differently (style/explode/allowReserved)`,
        );
      }
      this.schema(x.schema, y.schema, ptr(pb.pointer, 'schema'), 'request', 0);
      this.content(obj(x.content), obj(y.content), ptr(pb.pointer, 'content'), 'request', label);
      this.generic(x, y, pb.pointer, new Set(['name', 'in', 'required', 'style', 'explode', 'allowReserved', 'schema', 'content']));
    }
  }

  requestBody(aRaw: Json, bRaw: Json, at: string, label: string): void {
    if (aRaw === undefined && bRaw === undefined) return;
    const a = obj(aRaw);
    const b = obj(bRaw);
    if (aRaw === undefined) {
      if (b.required === true) this.add(at, 'major', 'added-required-request-body', `${label}: now requires a request body`);
      else this.add(at, 'minor', 'added-optional-request-body', `${label}: accepts an optional request body`);
      return;
    }
    if (bRaw === undefined) {
      this.add(at, 'major', 'removed-request-body', `${label}: request body removed (code sending one no longer compiles)`);
      return;
    }
    if (a.required !== true && b.required === true)
      this.add(ptr(at, 'required'), 'major', 'request-body-became-required', `${label}: request body is now required`);
    if (a.required === true && b.required !== true)
      this.add(ptr(at, 'required'), 'minor', 'request-body-became-optional', `${label}: request body is now optional`);
    this.content(obj(a.content), obj(b.content), ptr(at, 'content'), 'request', label);
    this.generic(a, b, at, new Set(['required', 'content']));
  }

  responses(a: Obj, b: Obj, at: string, label: string): void {
    for (const code of union(a, b)) {
      const here = ptr(at, code);
      if (!(code in b)) this.add(here, 'major', 'removed-response-code', `${label}: response ${code} removed`);
      else if (!(code in a)) this.add(here, 'minor', 'added-response-code', `${label}: response ${code} added`);
      else {
        const x = obj(a[code]);
        const y = obj(b[code]);
        this.headers(obj(x.headers), obj(y.headers), ptr(here, 'headers'), `${label} ${code}`);
        this.content(obj(x.content), obj(y.content), ptr(here, 'content'), 'response', `${label} ${code}`);
        this.generic(x, y, here, new Set(['headers', 'content']));
      }
    }
  }

  headers(a: Obj, b: Obj, at: string, label: string): void {
    const lower = (o: Obj) => new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), { name: k, value: obj(v) }]));
    const la = lower(a);
    const lb = lower(b);
    for (const [key, x] of la) if (!lb.has(key)) this.add(ptr(at, x.name), 'major', 'removed-response-header', `${label}: header ${x.name} removed`);
    for (const [key, y] of lb) {
      const x = la.get(key);
      if (!x) {
        this.add(ptr(at, y.name), 'minor', 'added-response-header', `${label}: header ${y.name} added`);
        continue;
      }
      const here = ptr(at, y.name);
      if (x.value.required === true && y.value.required !== true)
        this.add(ptr(here, 'required'), 'major', 'response-header-became-optional', `${label}: header ${y.name} may now be absent`);
      if (x.value.required !== true && y.value.required === true)
        this.add(ptr(here, 'required'), 'minor', 'response-header-became-required', `${label}: header ${y.name} is now always sent`);
      this.schema(x.value.schema, y.value.schema, ptr(here, 'schema'), 'response', 0);
      this.generic(x.value, y.value, here, new Set(['required', 'schema']));
    }
  }

  content(a: Obj, b: Obj, at: string, dir: Direction, label: string): void {
    for (const type of union(a, b)) {
      const here = ptr(at, type);
      if (!(type in b)) this.add(here, 'major', `removed-${dir}-media-type`, `${label}: ${dir} media type ${type} removed`);
      else if (!(type in a)) this.add(here, 'minor', `added-${dir}-media-type`, `${label}: ${dir} media type ${type} added`);
      else {
        const x = obj(a[type]);
        const y = obj(b[type]);
        this.schema(x.schema, y.schema, ptr(here, 'schema'), dir, 0);
        this.generic(x, y, here, new Set(['schema']));
      }
    }
  }

  schema(aRaw: Json, bRaw: Json, at: string, dir: Direction, depth: number): void {
    if (aRaw === undefined && bRaw === undefined) return;
    if (depth > MAX_DEPTH) throw new Error(`${at}: schema nests deeper than ${MAX_DEPTH} levels (a cycle?)`);
    if (aRaw === undefined || bRaw === undefined) {
      this.add(at, 'major', 'changed-type', `${dir} schema ${aRaw === undefined ? 'added' : 'removed'}`);
      return;
    }
    const a = obj(aRaw);
    const b = obj(bRaw);
    const sent = dir === 'request';

    if (!deepEqual(a.type, b.type)) this.add(ptr(at, 'type'), 'major', 'changed-type', `type ${preview(a.type)} -> ${preview(b.type)}`);

    if (a.format !== b.format) {
      // A format the old schema lacked constrains what may be sent; one the new schema drops loosens what is received.
      const cls: ChangeClass = sent ? (b.format === undefined ? 'minor' : 'major') : a.format === undefined ? 'minor' : 'major';
      this.add(ptr(at, 'format'), cls, 'changed-format', `format ${preview(a.format)} -> ${preview(b.format)}`);
    }

    this.enumeration(a.enum, b.enum, ptr(at, 'enum'), dir);

    if (Boolean(a.nullable) !== Boolean(b.nullable)) {
      const nowNullable = Boolean(b.nullable);
      // Sending: null stops being accepted. Receiving: null may now arrive where code expects a value.
      const breaking = sent ? !nowNullable : nowNullable;
      this.add(
        ptr(at, 'nullable'),
        breaking ? 'major' : 'minor',
        `${dir}-nullable-${nowNullable ? 'added' : 'removed'}`,
        `${dir} value ${nowNullable ? 'may now be null' : 'is no longer nullable'}`,
      );
    }

    this.properties(a, b, at, dir, depth);
    this.schema(a.items, b.items, ptr(at, 'items'), dir, depth + 1);
    this.additionalProperties(a.additionalProperties, b.additionalProperties, ptr(at, 'additionalProperties'), dir, depth);
    for (const key of ['oneOf', 'anyOf', 'allOf'] as const) this.composition(a[key], b[key], ptr(at, key), key, dir, depth);
    this.constraints(a, b, at, dir);
    if (!deepEqual(a.not, b.not)) this.add(ptr(at, 'not'), 'major', 'changed-constraint', `"not" subschema changed`);

    this.generic(
      a,
      b,
      at,
      new Set([
        'type',
        'format',
        'enum',
        'nullable',
        'properties',
        'required',
        'items',
        'additionalProperties',
        'oneOf',
        'anyOf',
        'allOf',
        'not',
        ...UPPER_BOUNDS,
        ...LOWER_BOUNDS,
        ...FLAG_BOUNDS,
        'pattern',
        'multipleOf',
      ]),
    );
  }

  enumeration(aRaw: Json, bRaw: Json, at: string, dir: Direction): void {
    if (deepEqual(aRaw, bRaw)) return;
    const a = Array.isArray(aRaw) ? aRaw : undefined;
    const b = Array.isArray(bRaw) ? bRaw : undefined;
    const has = (list: Json[], v: Json) => list.some((x) => deepEqual(x, v));
    // No enum means "any value": adding one narrows, dropping one widens.
    const removed = a ? (b ? a.filter((v) => !has(b, v)) : []) : undefined;
    const added = b ? (a ? b.filter((v) => !has(a, v)) : []) : undefined;
    const narrowed = (removed && removed.length > 0) || a === undefined;
    const widened = (added && added.length > 0) || b === undefined;
    const detail = [
      removed && removed.length > 0
        ? `removed ${removed.map(preview).join(', ')}`
        : a === undefined
          ? `now limited to ${b?.map(preview).join(', ')}`
          : '',
      added && added.length > 0 ? `added ${added.map(preview).join(', ')}` : b === undefined ? 'no longer limited' : '',
    ]
      .filter(Boolean)
      .join('; ');
    if (narrowed) {
      // Narrowing breaks both ways: sent values the server now refuses, or received types code switches on.
      this.add(at, 'major', 'narrowed-enum', `${dir} enum narrowed: ${detail}`);
    } else if (widened) {
      // A new value sent is opt-in; a new value received reaches code that handled every old one.
      this.add(at, dir === 'request' ? 'minor' : 'major', 'widened-enum', `${dir} enum widened: ${detail}`);
    } else {
      this.add(at, 'patch', 'changed-documentation', `enum reordered`);
    }
  }

  properties(a: Obj, b: Obj, at: string, dir: Direction, depth: number): void {
    const pa = obj(a.properties);
    const pb = obj(b.properties);
    const ra = new Set(Array.isArray(a.required) ? (a.required as string[]) : []);
    const rb = new Set(Array.isArray(b.required) ? (b.required as string[]) : []);
    for (const name of union(pa, pb)) {
      const here = ptr(at, 'properties', name);
      if (!(name in pb)) {
        // Sent: code that sets the field no longer compiles. Received: code that reads it gets undefined.
        this.add(here, 'major', `removed-${dir}-field`, `${dir} field ${name} removed`);
      } else if (!(name in pa)) {
        if (dir === 'request' && rb.has(name)) this.add(here, 'major', 'added-required-request-field', `new required request field ${name}`);
        else if (dir === 'request') this.add(here, 'minor', 'added-optional-request-field', `new optional request field ${name}`);
        else this.add(here, 'minor', 'added-response-field', `new response field ${name}`);
      } else {
        const wasRequired = ra.has(name);
        const isRequired = rb.has(name);
        if (wasRequired !== isRequired) {
          const breaking = dir === 'request' ? isRequired : !isRequired;
          const kind = `${dir}-field-became-${isRequired ? 'required' : 'optional'}`;
          const message =
            dir === 'request'
              ? `request field ${name} is now ${isRequired ? 'required' : 'optional'}`
              : `response field ${name} ${isRequired ? 'is now always present' : 'may now be absent'}`;
          this.add(ptr(at, 'required'), breaking ? 'major' : 'minor', kind, message);
        }
        this.schema(pa[name], pb[name], here, dir, depth + 1);
      }
    }
    // A required entry without a property (allowed by JSON Schema) still changes what must be sent/received.
    for (const name of rb) {
      if (!ra.has(name) && !(name in pb))
        this.add(ptr(at, 'required'), dir === 'request' ? 'major' : 'minor', `${dir}-field-became-required`, `${dir} field ${name} is now required`);
    }
    for (const name of ra) {
      if (!rb.has(name) && !(name in pa))
        this.add(
          ptr(at, 'required'),
          dir === 'request' ? 'minor' : 'major',
          `${dir}-field-became-optional`,
          `${dir} field ${name} is no longer required`,
        );
    }
  }

  additionalProperties(a: Json, b: Json, at: string, dir: Direction, depth: number): void {
    if (deepEqual(a, b)) return;
    if (isObj(a) && isObj(b)) {
      this.schema(a, b, at, dir, depth + 1);
      return;
    }
    const closed = (v: Json) => v === false;
    const breaking = dir === 'request' ? closed(b) && !closed(a) : false;
    this.add(at, breaking ? 'major' : 'minor', 'changed-additional-properties', `additionalProperties ${preview(a)} -> ${preview(b)}`);
  }

  composition(aRaw: Json, bRaw: Json, at: string, key: 'oneOf' | 'anyOf' | 'allOf', dir: Direction, depth: number): void {
    const a = Array.isArray(aRaw) ? aRaw : [];
    const b = Array.isArray(bRaw) ? bRaw : [];
    for (let i = 0; i < Math.min(a.length, b.length); i++) this.schema(a[i], b[i], ptr(at, i), dir, depth + 1);
    // oneOf/anyOf alternatives widen what is valid; allOf members narrow it.
    const widens = key !== 'allOf';
    for (let i = b.length; i < a.length; i++) {
      const narrows = widens;
      this.add(ptr(at, i), breaks(dir, narrows) ? 'major' : 'minor', 'removed-schema-alternative', `${key}[${i}] removed`);
    }
    for (let i = a.length; i < b.length; i++) {
      const narrows = !widens;
      this.add(ptr(at, i), breaks(dir, narrows) ? 'major' : 'minor', 'added-schema-alternative', `${key}[${i}] added`);
    }
  }

  constraints(a: Obj, b: Obj, at: string, dir: Direction): void {
    const report = (key: string, narrowed: boolean) => {
      if (dir === 'request')
        this.add(
          ptr(at, key),
          narrowed ? 'major' : 'minor',
          narrowed ? 'narrowed-constraint' : 'widened-constraint',
          `request ${key} ${preview(a[key])} -> ${preview(b[key])}`,
        );
      // Received values are not checked by the generated types: a tighter promise is harmless, a looser one worth a minor.
      else
        this.add(
          ptr(at, key),
          narrowed ? 'patch' : 'minor',
          narrowed ? 'narrowed-constraint' : 'widened-constraint',
          `response ${key} ${preview(a[key])} -> ${preview(b[key])}`,
        );
    };
    for (const key of UPPER_BOUNDS) {
      const x = a[key] as number | undefined;
      const y = b[key] as number | undefined;
      if (x !== y) report(key, y !== undefined && (x === undefined || y < x));
    }
    for (const key of LOWER_BOUNDS) {
      const x = a[key] as number | undefined;
      const y = b[key] as number | undefined;
      if (x !== y) report(key, y !== undefined && (x === undefined || y > x));
    }
    for (const key of FLAG_BOUNDS) {
      if (Boolean(a[key]) !== Boolean(b[key])) report(key, Boolean(b[key]));
    }
    // A changed pattern or multipleOf cannot be proven wider, so only dropping one counts as widening.
    for (const key of ['pattern', 'multipleOf']) {
      if (a[key] !== b[key]) report(key, b[key] !== undefined);
    }
  }
}

const UPPER_BOUNDS = ['maxLength', 'maxItems', 'maxProperties', 'maximum'] as const;
const LOWER_BOUNDS = ['minLength', 'minItems', 'minProperties', 'minimum'] as const;
const FLAG_BOUNDS = ['exclusiveMaximum', 'exclusiveMinimum', 'uniqueItems'] as const;

/** Narrowing what is valid breaks a sender; widening it breaks a receiver. */
function breaks(dir: Direction, narrows: boolean): boolean {
  return dir === 'request' ? narrows : !narrows;
}

/** An operation with its raw path item (whose own parameters have pointers of their own). */
interface LocatedOperation {
  op: ApiOperation;
  item: Obj;
}

interface LocatedParameter {
  value: Obj;
  pointer: string;
}

function operationsAt(model: ApiModel, path: string, method?: string): ApiOperation[] {
  return model.operations.filter((op) => op.path === path && (method === undefined || op.method === method));
}

function methodsOf(model: ApiModel, path: string): string {
  return operationsAt(model, path)
    .map((op) => op.method.toUpperCase())
    .join(', ');
}

/** The model's effective parameters (path-level merged with the operation's), each with its JSON pointer. */
function effectiveParameters({ op, item }: LocatedOperation, opPointer: string): Map<string, LocatedParameter> {
  const itemPointer = opPointer.slice(0, opPointer.lastIndexOf('/'));
  const pointerOf = (p: object): string => {
    const own = (op.object.parameters ?? []).indexOf(p as never);
    return own >= 0 ? ptr(opPointer, 'parameters', own) : ptr(itemPointer, 'parameters', (item.parameters as object[]).indexOf(p));
  };
  return new Map(op.parameters.map((p) => [parameterKey(p), { value: p as unknown as Obj, pointer: pointerOf(p) }]));
}

function describeParam(p: Obj): string {
  return `${String(p.in)} parameter ${String(p.name)}`;
}

/** Every change from the released document `before` to the current document `after`, in document order. */
export function diffSpecs(before: unknown, after: unknown): SpecChange[] {
  const differ = new Differ();
  differ.document(obj(before), obj(after));
  return differ.changes;
}

/** The bump a set of changes needs: the largest class among them. */
export function requiredBump(changes: readonly SpecChange[]): ChangeClass {
  return changes.reduce<ChangeClass>((acc, c) => maxClass(acc, c.class), 'none');
}
