// Types of security.cjs for importers that do not compile JavaScript (allowJs stays in the tsconfigs of the
// packages that hold CommonJS files). security.cjs checks itself against this file (core's typecheck).
export interface SecurityScheme {
  type: string;
  scheme?: string;
  in?: string;
  name?: string;
}
export interface Placement {
  in: 'header' | 'query';
  name: string;
  prefix: string;
}
export interface CredentialParams {
  headers: Record<string, string>;
  query: Record<string, string>;
}
export interface SpecWithSchemes {
  components?: { securitySchemes?: Record<string, unknown> };
}
export function credentialPlacement(spec: SpecWithSchemes, name: string): Placement | undefined;
export function credentialParams(spec: SpecWithSchemes, security: string[][], credentials: Record<string, string>): CredentialParams | undefined;
export function credentialQueryNames(spec: SpecWithSchemes): string[];
