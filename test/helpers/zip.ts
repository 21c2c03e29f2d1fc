// A minimal ZIP writer so tests can build OSV bulk exports from fixture records, stored or deflated (zip bombs).
// Format: PKWARE APPNOTE.TXT 4.3 (local file headers, central directory, end of central directory record).
import zlib from 'node:zlib';

interface ZipEntry {
  name: string;
  data: Buffer;
  /** The uncompressed size the headers state, when it should lie (a zip bomb that understates its size). */
  declaredSize?: number;
}

function writeZip(entries: ZipEntry[], method: 0 | 8): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const body = method === 8 ? zlib.deflateRawSync(entry.data, { level: 9 }) : entry.data;
    const crc = zlib.crc32(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Stored entries, no compression. */
export function storedZip(entries: { name: string; data: Buffer }[]): Buffer {
  return writeZip(entries, 0);
}

/** Deflated entries (method 8): a few MB of one byte deflate to a few KB. `declaredSize` makes the headers lie. */
export function deflatedZip(entries: ZipEntry[]): Buffer {
  return writeZip(entries, 8);
}
