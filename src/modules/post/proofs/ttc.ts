/**
 * Pulls one face out of a TrueType/OpenType collection (.ttc) as a standalone font file: pdf-lib embeds single
 * fonts only, and the CJK fonts Debian ships (fonts-noto-cjk) come as collections.
 */
export function isCollection(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && Buffer.from(bytes.buffer, bytes.byteOffset, 4).toString('latin1') === 'ttcf';
}

export function extractFace(collection: Uint8Array, index: number): Buffer {
  const src = Buffer.from(collection.buffer, collection.byteOffset, collection.byteLength);
  const faces = src.readUInt32BE(8);
  if (!Number.isInteger(index) || index < 0 || index >= faces) throw new RangeError(`face ${index} is not in a collection of ${faces}`);
  const start = src.readUInt32BE(12 + 4 * index);
  const numTables = src.readUInt16BE(start + 4);
  const headerLength = 12 + 16 * numTables;
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = start + 12 + 16 * i;
    return { record: at, offset: src.readUInt32BE(at + 8), length: src.readUInt32BE(at + 12) };
  });
  const padded = (n: number) => (n + 3) & ~3;
  const out = Buffer.alloc(tables.reduce((sum, t) => sum + padded(t.length), headerLength));
  src.copy(out, 0, start, start + 12);
  let position = headerLength;
  tables.forEach((t, i) => {
    const record = 12 + 16 * i;
    // Tag and checksum as they were; only the offset moves.
    src.copy(out, record, t.record, t.record + 8);
    out.writeUInt32BE(position, record + 8);
    out.writeUInt32BE(t.length, record + 12);
    src.copy(out, position, t.offset, t.offset + t.length);
    position += padded(t.length);
  });
  return out;
}
