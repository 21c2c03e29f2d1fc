// Validators for the official CycloneDX 1.6 and SPDX 2.3 JSON schemas vendored in test/fixtures/sbom-schemas
// (provenance in its SOURCE.md). ajv with ajv-formats; the two formats CycloneDX uses that ajv-formats lacks are
// checked as IRIs and e-mail addresses without whitespace.
import fs from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fixturePath } from '../helpers/shared';

const schema = (name: string) => JSON.parse(fs.readFileSync(fixturePath('sbom-schemas', name), 'utf8')) as object;

function ajv(): Ajv {
  const instance = new Ajv({ allErrors: true, strict: false });
  addFormats(instance);
  instance.addFormat('iri-reference', (value: string) => value.length > 0 && !/[\s<>"{}|\\^`]/.test(value));
  instance.addFormat('idn-email', (value: string) => /^[^\s@]+@[^\s@]+$/.test(value));
  return instance;
}

let cyclonedx: ValidateFunction | undefined;
let spdx: ValidateFunction | undefined;

export function cycloneDxValidator(): ValidateFunction {
  if (!cyclonedx) {
    const instance = ajv();
    instance.addSchema(schema('spdx.schema.json'), 'spdx.schema.json');
    instance.addSchema(schema('jsf-0.82.schema.json'), 'jsf-0.82.schema.json');
    cyclonedx = instance.compile(schema('bom-1.6.schema.json'));
  }
  return cyclonedx;
}

export function spdxValidator(): ValidateFunction {
  spdx ??= ajv().compile(schema('spdx-2.3-schema.json'));
  return spdx;
}
