// One ajv instance for the registry response schemas. Schemas list only the fields depvet reads and allow
// anything else, so a registry adding fields never breaks a scan, while a changed type of a field we use does.
import Ajv, { type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: false, allowUnionTypes: true, strict: true });

export function compileSchema<T>(schema: object): ValidateFunction<T> {
  return ajv.compile<T>(schema);
}

export const nullableString = { type: ['string', 'null'] } as const;
export const stringArray = { type: 'array', items: { type: 'string' } } as const;
export const nullableStringArray = { type: ['array', 'null'], items: { type: 'string' } } as const;
