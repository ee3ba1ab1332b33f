import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import type { IndexData, TermTable } from './indexData';
import type { ExportedIndex } from './termIndex';

/**
 * The built index in one file: the FlexSearch export beside the scoring data (indexData.ts).
 *
 * Layout: `YBIX`, the format number, a CRC-32 of everything after the first 16 bytes, the length of
 * a JSON header; the header (the key the snapshot was built for and where each section lies); then
 * the sections, each at a multiple of 8 bytes: JSON (the clause tree, the vocabulary …), UTF-8 text
 * (FlexSearch's export chunks, as FlexSearch wrote them) and raw typed arrays (term counts, df …).
 * A local cache, in the machine's byte order: the key (indexKey.ts) includes it.
 */

export const SNAPSHOT_MAGIC = 'YBIX';

/** Bumped whenever the layout or the sections change; an older file is then rebuilt. */
export const SNAPSHOT_FORMAT = 1;

/** Magic, format, checksum and header length: four 32-bit fields. */
const PREAMBLE_BYTES = 16;
const SECTION_ALIGNMENT = 8;
/** Prefix of the sections that hold FlexSearch's export chunks, in order (`index:1.map` …). */
const INDEX_SECTION = 'index:';

export interface Snapshot {
  /** The inputs' hash the snapshot was built from (indexKey.ts). */
  key: string;
  data: IndexData;
  index: ExportedIndex;
}

export class SnapshotError extends Error {
  constructor(readonly file: string, readonly reason: string) {
    super(`index: snapshot ${file} is unusable: ${reason}`);
    this.name = 'SnapshotError';
  }
}

type SectionKind = 'json' | 'text' | 'u32' | 'u8';
interface Section {
  name: string;
  kind: SectionKind;
  offset: number;
  bytes: number;
}

const JSON_FIELDS = ['documents', 'problems', 'alternates', 'vocabulary', 'topics', 'schemes', 'knownChars'] as const;
const ARRAY_FIELDS = ['entryDocument', 'entryClause', 'entryChain', 'length', 'questionsLength', 'df', 'textDf'] as const;
const TABLE_FIELDS = ['body', 'questions', 'chains'] as const;
const TABLE_PARTS = ['offsets', 'terms', 'counts'] as const;

const align = (n: number) => Math.ceil(n / SECTION_ALIGNMENT) * SECTION_ALIGNMENT;

/** Writes the snapshot to `file` (through a temporary file and a rename: a reader never sees half a file). */
export function writeSnapshot(file: string, snapshot: Snapshot): number {
  const parts: Array<{ name: string; kind: SectionKind; body: Uint8Array }> = [];
  const text = (name: string, kind: SectionKind, value: string) => parts.push({ name, kind, body: Buffer.from(value, 'utf8') });
  const array = (name: string, kind: SectionKind, value: Uint32Array | Uint8Array) =>
    parts.push({ name, kind, body: new Uint8Array(value.buffer, value.byteOffset, value.byteLength) });
  for (const f of JSON_FIELDS) text(f, 'json', JSON.stringify(snapshot.data[f]));
  for (const f of ARRAY_FIELDS) array(f, 'u32', snapshot.data[f]);
  for (const t of TABLE_FIELDS) for (const p of TABLE_PARTS) array(`${t}.${p}`, 'u32', snapshot.data[t][p]);
  array('notes', 'u8', snapshot.data.notes);
  for (const [key, data] of snapshot.index) text(`${INDEX_SECTION}${key}`, 'text', data);

  const sections: Section[] = [];
  let at = 0;
  for (const p of parts) {
    sections.push({ name: p.name, kind: p.kind, offset: at, bytes: p.body.byteLength });
    at = align(at + p.body.byteLength);
  }
  const header = Buffer.from(JSON.stringify({ key: snapshot.key, sections }), 'utf8');
  const dataStart = align(PREAMBLE_BYTES + header.byteLength);
  const out = Buffer.alloc(dataStart + at);
  out.write(SNAPSHOT_MAGIC, 0, 'latin1');
  out.writeUInt32LE(SNAPSHOT_FORMAT, 4);
  out.writeUInt32LE(header.byteLength, 12);
  header.copy(out, PREAMBLE_BYTES);
  parts.forEach((p, i) => out.set(p.body, dataStart + (sections[i] as Section).offset));
  out.writeUInt32LE(crc32(out.subarray(PREAMBLE_BYTES)), 8);

  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, out);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
  return out.byteLength;
}

/** Reads a snapshot built for `key`. Throws SnapshotError for a file that is damaged, of another format or another key. */
export function readSnapshot(file: string, key: string): Snapshot {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (error) {
    throw new SnapshotError(file, `cannot read it (${error instanceof Error ? error.message : String(error)})`);
  }
  if (buf.byteLength < PREAMBLE_BYTES || buf.toString('latin1', 0, 4) !== SNAPSHOT_MAGIC) throw new SnapshotError(file, 'not a snapshot');
  const format = buf.readUInt32LE(4);
  if (format !== SNAPSHOT_FORMAT) throw new SnapshotError(file, `format ${format}, expected ${SNAPSHOT_FORMAT}`);
  if (crc32(buf.subarray(PREAMBLE_BYTES)) !== buf.readUInt32LE(8)) throw new SnapshotError(file, 'checksum mismatch (damaged or truncated)');
  const headerBytes = buf.readUInt32LE(12);
  let header: { key: string; sections: Section[] };
  try {
    header = JSON.parse(buf.toString('utf8', PREAMBLE_BYTES, PREAMBLE_BYTES + headerBytes)) as typeof header;
  } catch {
    throw new SnapshotError(file, 'unreadable header');
  }
  if (header.key !== key) throw new SnapshotError(file, `built for key ${header.key}, expected ${key}`);
  const dataStart = align(PREAMBLE_BYTES + headerBytes);
  const sections = new Map(header.sections.map((s) => [s.name, s]));
  const bytesOf = (s: Section) => {
    const start = dataStart + s.offset;
    if (start + s.bytes > buf.byteLength) throw new SnapshotError(file, `section ${s.name} runs past the end of the file`);
    return buf.subarray(start, start + s.bytes);
  };
  const section = (name: string, kind: SectionKind) => {
    const s = sections.get(name);
    if (!s || s.kind !== kind) throw new SnapshotError(file, `section ${name} is missing`);
    return bytesOf(s);
  };
  // Copied out, so that the file's buffer (mostly JSON and text, parsed once) can be freed.
  const u32 = (name: string) => {
    const bytes = section(name, 'u32');
    const out = new Uint32Array(bytes.byteLength / Uint32Array.BYTES_PER_ELEMENT);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  };
  const json = (name: string): unknown => JSON.parse(section(name, 'json').toString('utf8'));
  const table = (name: string): TermTable => ({ offsets: u32(`${name}.offsets`), terms: u32(`${name}.terms`), counts: u32(`${name}.counts`) });
  const data = {
    ...Object.fromEntries(JSON_FIELDS.map((f) => [f, json(f)])),
    ...Object.fromEntries(ARRAY_FIELDS.map((f) => [f, u32(f)])),
    ...Object.fromEntries(TABLE_FIELDS.map((t) => [t, table(t)])),
    notes: Uint8Array.from(section('notes', 'u8')),
  } as unknown as IndexData;
  const index: ExportedIndex = header.sections.filter((s) => s.kind === 'text' && s.name.startsWith(INDEX_SECTION))
    .map((s) => [s.name.slice(INDEX_SECTION.length), bytesOf(s).toString('utf8')]);
  return { key, data, index };
}
