// Writing a file so that a reader sees the old whole file or the new whole file, never half of one: the data goes
// to a temporary file beside it (named for this process and a random tag, so concurrent writers never share one)
// and is renamed into place. Caches, snapshots and the OSV database are written this way.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

function tempPathFor(file: string): string {
  return `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(file);
  await fs.promises.writeFile(temp, data);
  await fs.promises.rename(temp, file);
}

export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  const temp = tempPathFor(file);
  fs.writeFileSync(temp, data);
  fs.renameSync(temp, file);
}
