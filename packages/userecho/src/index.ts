// The client is generated from the spec and specs/vendors.yaml (the factory, its types and the runtime helpers).
export * from './generated/client.js';
