import type { FakeRegistry } from '../fake-registry/server';
import { PypiClient } from '../../src/registries/pypi';
import { fakeOptions, instantHooks, useFakeRegistry } from './registry-test-options';

let fake: FakeRegistry;
let client: PypiClient;

useFakeRegistry((started) => {
  fake = started;
  client = new PypiClient(fakeOptions(fake, { noCache: true }), instantHooks());
});

describe('PyPI client', () => {
  test('project document: license metadata, releases with upload times and yanked flags, first release time', async () => {
    const result = await client.getProject('requests');
    if (result.status !== 'found') throw new Error(`expected found, got ${result.status}`);
    const project = result.value;
    expect(project.info).toMatchObject({ name: 'requests', version: '2.32.3', license: 'Apache 2.0', license_expression: null });
    expect(project.info.classifiers).toContain('License :: OSI Approved :: Apache Software License');
    expect(project.info.requires_dist).toContain('idna<4,>=2.5');
    expect(Object.keys(project.releases).sort()).toEqual(['2.19.1', '2.30.0', '2.31.0', '2.32.0', '2.32.3']);
    expect(project.releases['2.32.0']![0]).toMatchObject({ yanked: true, yanked_reason: expect.stringContaining('CVE-2024-35195') });
    expect(project.firstReleaseTime).toBe('2018-06-14T13:40:38.219734Z');
  });

  test('release document: that version, with PEP 639 license fields', async () => {
    const result = await client.getRelease('packaging', '24.2');
    if (result.status !== 'found') throw new Error(`expected found, got ${result.status}`);
    expect(result.value.info).toMatchObject({
      version: '24.2',
      license: null,
      license_expression: 'Apache-2.0 OR BSD-2-Clause',
      license_files: ['LICENSE', 'LICENSE.APACHE', 'LICENSE.BSD'],
      yanked: false,
    });
    expect(result.value.files.map((file) => file.filename)).toEqual(['packaging-24.2-py3-none-any.whl']);
  });

  test('a yanked release says so', async () => {
    const result = await client.getRelease('requests', '2.32.0');
    expect(result.status === 'found' && result.value.info.yanked).toBe(true);
  });

  test('per-version metadata differs from the latest release', async () => {
    fake.addPypiProject(
      { info: { name: 'relicensed', version: '2.0', license: 'MIT' }, releases: { '1.0': [], '2.0': [] } },
      { '1.0': { license: 'GPL-3.0-only' } },
    );
    const old = await client.getRelease('relicensed', '1.0');
    expect(old.status === 'found' && old.value.info.license).toBe('GPL-3.0-only');
    const project = await client.getProject('relicensed');
    expect(project.status === 'found' && project.value.firstReleaseTime).toBeNull();
  });

  test('404 is not-found, a fact and not an error', async () => {
    expect(await client.getProject('no-such-project-xyz')).toEqual({ status: 'not-found', source: 'network' });
    expect(await client.getRelease('requests', '9.9.9')).toEqual({ status: 'not-found', source: 'network' });
  });

  test("PyPI's redirect to the normalized name is followed", async () => {
    const result = await client.getRelease('Requests', '2.31.0');
    expect(result.status === 'found' && result.value.info.name).toBe('requests');
    expect(fake.log().map((record) => [record.path, record.status])).toEqual([
      ['/pypi/Requests/2.31.0/json', 301],
      ['/pypi/requests/2.31.0/json', 200],
    ]);
  });

  test('request economy: N distinct pinned packages cost at most N requests', async () => {
    const pins = [
      ['requests', '2.19.1'],
      ['requests', '2.31.0'],
      ['packaging', '24.1'],
      ['packaging', '24.2'],
      ['requests', '2.31.0'],
    ] as const;
    const results = await Promise.all(pins.map(([name, version]) => client.getRelease(name, version)));
    expect(results.every((result) => result.status === 'found')).toBe(true);
    expect(fake.requests()).toBe(4);
  });
});
