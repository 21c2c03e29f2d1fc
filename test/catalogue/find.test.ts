import path from 'node:path';
import { findImages, parsePackageQuery } from '../../src/catalogue/find';
import { buildInventory } from '../../src/inventory/inventory';
import { UsageError } from '../../src/errors';
import { fixturePath } from '../helpers/shared';

const inventory = buildInventory([path.relative(process.cwd(), fixturePath('inventory', 'tree'))]);

describe('findImages', () => {
  it('lists images that provide every requested package, own or inherited, leanest first', () => {
    const matches = findImages(inventory, [parsePackageQuery('requests'), parsePackageQuery('cryptography')]);
    const complete = matches.filter((m) => m.complete).map((m) => m.image);
    expect(complete).toEqual(['crypto', 'teams']);
    const teams = matches.find((m) => m.image === 'teams')!;
    expect(teams.provided.find((p) => p.name === 'cryptography')).toMatchObject({ version: '42.0.5', inheritedFrom: 'crypto' });
    expect(teams.status).toBe('devonly');
  });

  it('honours version specifiers and lists partial matches after full ones, with what is missing', () => {
    const matches = findImages(inventory, [parsePackageQuery('requests>=2.32'), parsePackageQuery('six')]);
    expect(matches.filter((m) => m.complete).map((m) => m.image)).toEqual(['crypto', 'teams']);
    const python3 = matches.find((m) => m.image === 'python3')!;
    expect(python3.complete).toBe(false);
    expect(python3.missing).toEqual([{ query: 'requests>=2.32', reason: 'has 2.31.0' }]);
    expect(matches.indexOf(python3)).toBeGreaterThan(matches.findIndex((m) => m.image === 'teams'));
  });

  it('skipped packages (markers false, dev-only) do not count as provided', () => {
    const matches = findImages(inventory, [parsePackageQuery('typing-extensions')]);
    expect(matches).toEqual([]);
  });

  it('refuses URLs and malformed queries with a usage error', () => {
    expect(() => parsePackageQuery('foo @ https://example.com/foo.whl')).toThrow(UsageError);
    expect(() => parsePackageQuery('requests>=>1')).toThrow(UsageError);
  });
});
