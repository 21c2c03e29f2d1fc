import fs from 'node:fs';
import path from 'node:path';
import { fixturePath } from '../helpers/shared';
import { validateNpmPackument } from '../../src/registries/npm';
import { validateOsvVulnerability } from '../../src/registries/osv';
import { validatePypiProject } from '../../src/registries/pypi';
import { compileSchema, projectToSchema, schemaId } from '../../src/registries/schema';

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('projectToSchema', () => {
  const schema = {
    type: 'object',
    required: ['id', 'kept'],
    properties: {
      id: { type: 'string' },
      info: { type: 'object', properties: { name: { type: 'string' }, tags: { type: ['array', 'null'], items: { type: 'string' } } } },
      files: { type: 'array', items: { type: 'object', properties: { filename: { type: 'string' } } } },
      versions: { type: 'object', additionalProperties: { type: 'object', properties: { license: { anyOf: [{ type: 'string' }, { type: 'object', properties: { type: { type: 'string' } } }] } } } },
      whole: { type: 'object' },
    },
  };

  it('keeps the fields the schema names, at every depth, and drops the rest', () => {
    const value = {
      id: 'x',
      kept: 1,
      description: 'a long README',
      info: { name: 'n', tags: null, home_page: 'h' },
      files: [{ filename: 'a.whl', digests: { sha256: '0' } }],
      versions: { '1.0': { license: { type: 'MIT', url: 'u' }, dist: { tarball: 't' } }, '2.0': { license: 'MIT', readme: 'r' } },
      whole: { anything: { deep: [1, 2] } },
    };
    expect(projectToSchema(value, schema)).toEqual({
      id: 'x',
      kept: 1,
      info: { name: 'n', tags: null },
      files: [{ filename: 'a.whl' }],
      versions: { '1.0': { license: { type: 'MIT' } }, '2.0': { license: 'MIT' } },
      whole: { anything: { deep: [1, 2] } },
    });
  });

  it('keeps a key named __proto__ as a plain key, as JSON.parse made it, without touching any prototype', () => {
    const value = JSON.parse('{"id":"x","kept":1,"versions":{"__proto__":{"license":"MIT","polluted":true}}}') as unknown;
    const projected = projectToSchema(value, schema) as { versions: Record<string, unknown> };
    expect(Object.keys(projected.versions)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(projected.versions)).toBe(Object.prototype);
    expect(JSON.stringify(projected)).toBe('{"id":"x","kept":1,"versions":{"__proto__":{"license":"MIT"}}}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('leaves every registry fixture valid, idempotent and no larger', () => {
    const cases = [
      ...fs.readdirSync(fixturePath('registry', 'pypi')).map((f) => ({ file: fixturePath('registry', 'pypi', f), validate: validatePypiProject })),
      ...fs.readdirSync(fixturePath('registry', 'osv')).map((f) => ({ file: fixturePath('registry', 'osv', f), validate: validateOsvVulnerability })),
      ...fs.readdirSync(fixturePath('registry', 'npm')).map((f) => ({ file: fixturePath('registry', 'npm', f), validate: validateNpmPackument })),
    ];
    expect(cases.length).toBeGreaterThanOrEqual(6);
    for (const { file, validate } of cases) {
      const value = readJson(file);
      expect([path.basename(file), validate(value)]).toEqual([path.basename(file), true]);
      const projected = projectToSchema(value, validate.schema);
      expect([path.basename(file), validate(projected)]).toEqual([path.basename(file), true]);
      expect(projectToSchema(projected, validate.schema)).toEqual(projected);
      expect(JSON.stringify(projected).length).toBeLessThanOrEqual(JSON.stringify(value).length);
    }
  });

  it('names each schema by a digest, the same for the same schema and different for another', () => {
    expect(schemaId(validatePypiProject)).toMatch(/^[0-9a-f]{16}$/);
    expect(schemaId(validatePypiProject)).toBe(schemaId(validatePypiProject));
    expect(schemaId(compileSchema({ type: 'object', properties: { a: { type: 'string' } } }))).not.toBe(schemaId(compileSchema({ type: 'object', properties: { b: { type: 'string' } } })));
  });
});
