import { loadVendors } from '@echo-openapi/tooling-core';
import { operationsOf, pythonSample, curlSample } from './src/code-samples.js';
import { builtSpec } from './test/helpers/samples.js';
for (const [v, id] of [['echocue','sendSms'],['userecho','listForums'],['echowin','createContact']]) {
  const vendor = loadVendors().find(x => x.id === v)!; const spec = builtSpec(vendor);
  const op = operationsOf(spec).find(o => o.operationId === id) ?? operationsOf(spec)[1]!;
  console.log(pythonSample(vendor, spec, op)); console.log(curlSample(vendor, spec, op));
}
