import { buildApiModel, type ApiModel } from '@echo-openapi/api-model';
import { bundleSpec } from './bundle.js';
import type { Vendor } from './vendors.js';

/** A vendor's model, plus where its dereferenced bundle lies (for Prism and Dredd, which read files). */
export interface VendorModel extends ApiModel {
  vendor: Vendor;
  bundlePath: string;
}

const loaded = new Map<string, Promise<VendorModel>>();

/** Bundles a vendor's spec (dereferenced, with Redocly) once per process and builds its model. */
export function loadApiModel(vendor: Vendor): Promise<VendorModel> {
  let model = loaded.get(vendor.spec);
  if (!model) {
    model = bundleSpec(vendor, { dereferenced: true }).then(({ path, document }) => ({
      ...buildApiModel(document),
      vendor,
      bundlePath: path,
    }));
    model.catch(() => loaded.delete(vendor.spec));
    loaded.set(vendor.spec, model);
  }
  return model;
}
