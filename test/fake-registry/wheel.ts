// Minimal wheels and their core metadata (PEP 427, PEP 658), built in memory so the fake registry can be a PEP 503
// simple index that pip installs from.
import { createHash } from 'node:crypto';
import { storedZip } from '../helpers/zip';

export interface CoreMetadata {
  name: string;
  version: string;
  requiresDist: string[];
  requiresPython: string | null;
  providesExtra: string[];
}

/** The METADATA file (core metadata 2.1) a wheel carries and PEP 658 serves beside it. */
export function coreMetadataText(meta: CoreMetadata): string {
  const lines = ['Metadata-Version: 2.1', `Name: ${meta.name}`, `Version: ${meta.version}`];
  if (meta.requiresPython) lines.push(`Requires-Python: ${meta.requiresPython}`);
  for (const extra of meta.providesExtra) lines.push(`Provides-Extra: ${extra}`);
  for (const req of meta.requiresDist) lines.push(`Requires-Dist: ${req}`);
  return `${lines.join('\n')}\n`;
}

export function wheelFilename(name: string, version: string): string {
  return `${name.replace(/[-_.]+/g, '_')}-${version}-py3-none-any.whl`;
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A pure-Python wheel holding nothing but its dist-info (METADATA, WHEEL, RECORD). */
export function buildWheel(meta: CoreMetadata): Buffer {
  const distInfo = `${meta.name.replace(/[-_.]+/g, '_')}-${meta.version}.dist-info`;
  const files = [
    { name: `${distInfo}/METADATA`, data: Buffer.from(coreMetadataText(meta)) },
    { name: `${distInfo}/WHEEL`, data: Buffer.from('Wheel-Version: 1.0\nGenerator: depvet-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n') },
  ];
  const record = files.map((f) => `${f.name},sha256=${Buffer.from(sha256(f.data), 'hex').toString('base64url')},${f.data.length}`);
  files.push({ name: `${distInfo}/RECORD`, data: Buffer.from(`${record.join('\n')}\n${distInfo}/RECORD,,\n`) });
  return storedZip(files);
}
