import { credentialParams, exampleOf } from '@echo-openapi/api-model';
import { describe, expect, it } from 'vitest';
import { loadApiModel, loadVendors } from '../src/index.js';

// Every vendor's real spec through the model: each documented example must route back to its own operation,
// pass the request validator, and each documented response example must pass the response validator.
describe.each(loadVendors().map((vendor) => [vendor.id, vendor] as const))('%s model', (_, vendor) => {
  it('routes, validates and renders every operation from its own examples', async () => {
    const model = await loadApiModel(vendor);
    expect(model.operations.length).toBeGreaterThan(0);
    const fakeCredentials = Object.fromEntries(Object.keys(model.securitySchemes).map((name) => [name, `test-${name}`]));
    for (const op of model.operations) {
      const pathParams = Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, String(exampleOf(p))]));
      const concrete = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathParams[name]!));
      expect(model.router.match(op.method, concrete)?.operation.id, `${op.id} ${concrete}`).toBe(op.id);

      const auth = credentialParams(model, op.security, fakeCredentials);
      expect(auth, `${op.id} credentials`).toBeDefined();
      const query: Record<string, string> = { ...auth!.query };
      const headers: Record<string, string> = { ...auth!.headers };
      for (const p of op.parameters.filter((p) => p.required && (p.in === 'query' || p.in === 'header'))) {
        (p.in === 'query' ? query : headers)[p.name] = String(exampleOf(p));
      }
      const json = op.requestBody && Object.entries(op.requestBody.content).find(([type]) => type.includes('json'));
      const body = json ? exampleOf(json[1]) : undefined;
      const issues = model.validator.request(op, { pathParams, query, headers, ...(json ? { contentType: json[0], body } : {}) });
      expect(issues, `${op.id} request`).toEqual([]);

      for (const [code, response] of Object.entries(op.responses)) {
        for (const [type, media] of Object.entries(response.content ?? {})) {
          const example = exampleOf(media);
          if (example === undefined || !type.includes('json')) continue;
          const real = { statusCode: code, headers: { 'content-type': type }, body: JSON.stringify(example) };
          const problems = model.validator.response(op, code, real).filter((p) => !p.startsWith('header '));
          expect(problems, `${op.id} ${code} example`).toEqual([]);
        }
      }
    }
  });
});
