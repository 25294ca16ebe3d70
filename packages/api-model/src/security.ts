import { credentialPlacement } from '@echo-openapi/runtime';
import type { ApiModel } from './model.js';

export interface CredentialParams {
  headers: Record<string, string>;
  query: Record<string, string>;
}

/**
 * The headers and query parameters that satisfy the first security alternative for which every scheme has a
 * credential (keyed by scheme name); `{}` params for an operation without auth; undefined when none can be met.
 */
export function credentialParams(
  model: Pick<ApiModel, 'securitySchemes'>,
  security: string[][],
  credentials: Readonly<Record<string, string | undefined>>,
): CredentialParams | undefined {
  if (security.length === 0) return { headers: {}, query: {} };
  const alternative = security.find((schemes) => schemes.every((name) => credentials[name]));
  if (!alternative) return undefined;
  const params: CredentialParams = { headers: {}, query: {} };
  for (const name of alternative) {
    const placement = credentialPlacement(model.securitySchemes[name] as Parameters<typeof credentialPlacement>[0]);
    if (!placement) continue;
    const value = `${placement.prefix}${credentials[name]}`;
    if (placement.in === 'query') params.query[placement.name] = value;
    else if (placement.in === 'header') params.headers[placement.name] = value;
    else params.headers.Cookie = [params.headers.Cookie, `${placement.name}=${encodeURIComponent(credentials[name]!)}`].filter(Boolean).join('; ');
  }
  return params;
}
