// @ts-check
// Dredd hooks shared by every vendor (Dredd loads hook files as CommonJS). The vendor comes as data: a
// context file named by ECHO_CONTRACT_CONTEXT (written by run.ts) holds the bundled spec's path, the
// credentials keyed by security scheme, the mode, and where to record results.
//
// before each transaction: apply the operation's security (or strip it, for the 401 transaction), steer
//   Prism to the documented status with `Prefer: code=NNN`, skip what a live API cannot or must not do;
// after each transaction: validate the real response against the full schema (Dredd only compares with
//   the example) and record the outcome, so the runner can print coverage and write JUnit.
const hooks = require('hooks');
const { appendFileSync, readFileSync } = require('node:fs');
// api-model is ESM: Node 20.19+ require()s it.
const { buildApiModel, credentialParams, linkValues, removesResource, SAFE_METHODS, withLinkBody } = require('@echo-openapi/api-model');

/** @typedef {import('@echo-openapi/api-model').ApiOperation} ApiOperation */
/** @typedef {import('hooks').Transaction} Transaction */
/** @typedef {{ vendor: string, spec: string, mode: 'mock' | 'live', credentials: Record<string, string>, allowSideEffects: boolean, allowWrites: boolean, results: string }} Context */

const contextFile = process.env.ECHO_CONTRACT_CONTEXT;
if (!contextFile) throw new Error('ECHO_CONTRACT_CONTEXT is not set: run contract tests with `pnpm contract`');
/** @type {Context} */
const context = JSON.parse(readFileSync(contextFile, 'utf8'));
const model = buildApiModel(JSON.parse(readFileSync(context.spec, 'utf8')));

/**
 * The operation of a Dredd transaction: Dredd names the path template as written in the spec.
 * @param {string} method lower-case
 * @param {string} path
 * @returns {ApiOperation | undefined}
 */
function findOperation(method, path) {
  return model.operations.find((op) => op.method === method && op.path === path);
}

/**
 * @param {Transaction} transaction
 * @returns {{ path: string, method: string, code: string, mediaType: string | undefined }}
 */
function describe(transaction) {
  const [, mediaType] = String(transaction.origin.exampleName).split(' > ');
  return {
    path: transaction.origin.resourceName,
    method: String(transaction.request.method).toLowerCase(),
    code: String(transaction.expected.statusCode),
    mediaType,
  };
}

/** @param {Record<string, unknown>} entry */
function record(entry) {
  appendFileSync(context.results, `${JSON.stringify(entry)}\n`);
}

/**
 * @param {Transaction} transaction
 * @param {string} name
 * @param {string} value
 */
function setQuery(transaction, name, value) {
  const url = new URL(transaction.fullPath, 'http://placeholder');
  url.searchParams.set(name, value);
  transaction.fullPath = `${url.pathname}${url.search}`;
  transaction.request.uri = transaction.fullPath;
}

/**
 * @param {Transaction} transaction
 * @param {string[][]} security
 */
function authenticate(transaction, security) {
  const params = credentialParams(model, security, context.credentials);
  if (!params) return false;
  Object.assign(transaction.request.headers, params.headers);
  for (const [name, value] of Object.entries(params.query)) setQuery(transaction, name, value);
  return true;
}

/**
 * Against a real (stateful) server the calls must come in a workable order: what an OpenAPI link leads to
 * runs after the operation that creates it, and deletes run last, a sub-resource's before its owner's
 * (`/contacts/{id}/boards` before `/contacts/{id}`), so no call reads a record an earlier one removed.
 * Otherwise the spec's order is kept (a stable sort).
 * @param {Transaction} transaction
 */
function statefulRank(transaction) {
  const t = describe(transaction);
  const operation = findOperation(t.method, t.path);
  if (!operation) return 0;
  if (removesResource(operation)) return 1000 - t.path.split('/').length;
  return model.links.some((link) => link.to === operation && link.from !== operation) ? 1 : 0;
}

hooks.beforeAll((transactions, done) => {
  if (context.mode === 'live') transactions.sort((a, b) => statefulRank(a) - statefulRank(b));
  done();
});

/** The parsed 2xx body of each operation that has links, by operation id, as this run received it. */
const linkSources = new Map();

/**
 * On a stateful server, a call an OpenAPI link leads to acts on the record this run created (the link's
 * values from the create's response), not on the example's id, which the server may not hold.
 * @param {Transaction} transaction
 * @param {ApiOperation} operation
 */
function followLinks(transaction, operation) {
  for (const link of model.links) {
    if (link.to !== operation || !linkSources.has(link.from.id)) continue;
    const values = linkValues(link, linkSources.get(link.from.id));
    if (!values) continue;
    const url = new URL(transaction.fullPath, 'http://placeholder');
    // Dredd's path is the template filled with the examples (after the server's base path, if any).
    const parts = operation.path.split(/\{([^}]+)\}/);
    const pattern = parts.map((part, i) => (i % 2 ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
    const found = new RegExp(`${pattern}$`).exec(url.pathname);
    if (found) {
      const linked = /** @type {Record<string, string>} */ (values.path);
      const filled = parts
        .map((part, i) => (i % 2 === 0 ? part : part in linked ? encodeURIComponent(linked[part] ?? '') : found[(i + 1) / 2]))
        .join('');
      url.pathname = url.pathname.slice(0, found.index) + filled;
    }
    for (const [name, value] of Object.entries(values.query)) url.searchParams.set(name, value);
    transaction.fullPath = `${url.pathname}${url.search}`;
    transaction.request.uri = transaction.fullPath;
    Object.assign(transaction.request.headers, values.header);
    if ('body' in values) {
      let body;
      try {
        body = transaction.request.body ? JSON.parse(transaction.request.body) : undefined;
      } catch {
        body = undefined;
      }
      transaction.request.body = JSON.stringify(withLinkBody(body, values.body));
      for (const name of Object.keys(transaction.request.headers)) {
        if (name.toLowerCase() === 'content-length') transaction.request.headers[name] = String(Buffer.byteLength(transaction.request.body));
      }
    }
    // The record this run created is not the example, so Dredd's example comparison (every key of the example
    // present) does not apply: it gets an empty example of the same JSON kind. The full schema check in
    // afterEach still applies.
    transaction.expected.body = String(transaction.expected.body ?? '')
      .trim()
      .startsWith('[')
      ? '[]'
      : '{}';
    return;
  }
}

/**
 * What every result line of a transaction starts with.
 * @param {ReturnType<typeof describe>} t
 * @param {ApiOperation | undefined} operation
 */
function identify(t, operation) {
  return {
    vendor: context.vendor,
    operationId: operation?.id ?? `${t.method} ${t.path}`,
    method: t.method,
    path: t.path,
    code: t.code,
    mediaType: t.mediaType,
  };
}

hooks.beforeEach((transaction, done) => {
  const t = describe(transaction);
  const operation = findOperation(t.method, t.path);
  const base = identify(t, operation);
  const skip = (/** @type {string} */ reason) => {
    transaction.skip = true;
    record({ ...base, outcome: 'skipped', reason });
    done();
  };
  if (!operation) {
    transaction.fail = `no operation ${t.method.toUpperCase()} ${t.path} in the spec`;
    return done();
  }
  const security = operation.security;
  if (context.mode === 'live' && operation.sideEffects && !context.allowSideEffects) {
    return skip(`side effects (${operation.sideEffects}); pass --allow-side-effects to send it`);
  }
  // A live run is read-only unless asked: the examples' ids would update or delete real records.
  if (context.mode === 'live' && !SAFE_METHODS.has(operation.method) && !context.allowWrites && !context.allowSideEffects) {
    return skip(`changes live data (${t.method.toUpperCase()}); pass --allow-writes to send it`);
  }
  if (t.code === '401') {
    // No credentials at all: the server must refuse, and answer with the documented 401.
    delete transaction.request.headers.Authorization;
    return done();
  }
  if (!authenticate(transaction, security)) {
    return skip(`no credentials for ${security.map((s) => s.join(' + ')).join(' or ')}`);
  }
  if (context.mode === 'mock') {
    transaction.request.headers.Prefer = `code=${t.code}`;
  } else if (!t.code.startsWith('2')) {
    return skip(`a live API cannot be steered to answer ${t.code}`);
  } else {
    followLinks(transaction, operation);
  }
  // Ask for the media type this case checks (a live server negotiates it, as the mock does).
  if (t.mediaType) transaction.request.headers.Accept = t.mediaType;
  done();
});

hooks.afterEach((transaction, done) => {
  // Dredd runs after-hooks for skipped transactions too; the skip and its reason are already recorded.
  if (transaction.skip) return done();
  const t = describe(transaction);
  const operation = findOperation(t.method, t.path);
  const real = transaction.real ?? { statusCode: undefined, headers: {}, body: '' };
  const errors = operation
    ? model.validator.response(operation, t.code, real, t.mediaType)
    : [`no operation ${t.method.toUpperCase()} ${t.path} in the spec`];
  const dreddMessage = transaction.test && !transaction.test.valid ? String(transaction.test.message ?? '').trim() : '';
  if (errors.length > 0) transaction.fail = errors.join('; ');
  if (context.mode === 'live' && operation && /^2/.test(String(real.statusCode)) && model.links.some((link) => link.from === operation)) {
    try {
      linkSources.set(operation.id, JSON.parse(real.body));
    } catch {
      // Not JSON: its links have nothing to read.
    }
  }
  const failures = [...(dreddMessage ? [`dredd: ${dreddMessage.replace(/\n+/g, '; ')}`] : []), ...errors];
  record({
    ...identify(t, operation),
    actualStatus: real.statusCode,
    outcome: failures.length > 0 ? 'failed' : 'passed',
    errors: failures,
  });
  done();
});
