/**
 * Scans every file of a stopped browser's profile folder for secrets, in the forms they could take on
 * disk. Browsers do not write values as they were given: Chromium's IndexedDB keeps V8-serialized
 * values (one-byte strings as Latin-1, others as UTF-16) in LevelDB, whose table files compress blocks
 * with Snappy (the write-ahead .log is not compressed); Firefox's IndexedDB keeps structured-clone
 * values compressed with Snappy in SQLite (and its -wal file), large values in files of their own.
 *
 * So each file is searched as it is, and the files of the browsers' storage folders (Firefox's
 * `storage/`, Chromium's `IndexedDB/` and extension storage) also decompressed: at every offset where a
 * raw Snappy stream could start (a length, then valid elements), the stream is decoded and its output
 * searched. This finds Snappy data whatever holds it (LevelDB blocks, SQLite cells, framing chunks)
 * without parsing those formats. It cannot see: Snappy data outside those folders (caches, session
 * restore files, which are searched as stored only), values encrypted by the browser or the system, data compressed in
 * other ways (zstd, deflate), a Snappy stream split across SQLite overflow pages beyond the first part,
 * or anything never written to the profile folder (memory, swap, storage.session).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

export interface Needle {
  /** What is looked for ("access token"). */
  name: string;
  /** Each on-disk form, with its label ("utf-8", "base64"…). */
  forms: { label: string; bytes: Buffer }[];
}

/** A text secret as UTF-8 (also Latin-1 for ASCII) and as UTF-16LE. */
export function textNeedle(name: string, text: string): Needle {
  return {
    name,
    forms: [
      { label: "utf-8", bytes: Buffer.from(text, "utf8") },
      { label: "utf-16", bytes: Buffer.from(text, "utf16le") },
    ],
  };
}

/** A binary secret as raw bytes, base64 (standard and URL-safe, unpadded so any padding matches), hex, and a JSON array of numbers. */
export function bytesNeedle(name: string, bytes: Uint8Array): Needle {
  const raw = Buffer.from(bytes);
  const base64 = raw.toString("base64").replace(/=+$/, "");
  const forms: Needle["forms"] = [
    { label: "raw bytes", bytes: raw },
    { label: "base64", bytes: Buffer.from(base64) },
    { label: "base64url", bytes: Buffer.from(raw.toString("base64url")) },
    { label: "hex", bytes: Buffer.from(raw.toString("hex")) },
    { label: "HEX", bytes: Buffer.from(raw.toString("hex").toUpperCase()) },
    // serde_json writes byte arrays as numbers: "[12,250,…]"; the first 16 are plenty to be unique.
    { label: "JSON byte array", bytes: Buffer.from(`[${[...raw.subarray(0, 16)].join(",")},`) },
  ];
  // Base64 text is also kept as UTF-16 by the JavaScript engines.
  forms.push({ label: "base64 as utf-16", bytes: Buffer.from(base64, "utf16le") });
  return { name, forms };
}

const MAX_STREAM = 16 * 1024 * 1024;
const MIN_STREAM = 16;
/** One output buffer for every attempt: most offsets are not a stream, and allocating per offset is what would cost. */
const scratch = Buffer.allocUnsafe(MAX_STREAM);

function readVarint(buf: Buffer, at: number): { value: number; next: number } | null {
  let value = 0;
  for (let i = 0; i < 5 && at + i < buf.length; i++) {
    const byte = buf[at + i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, next: at + i + 1 };
  }
  return null;
}

/**
 * Decodes a raw Snappy stream starting at `at`. Answers the output (whole, or as far as it was valid
 * when at least `MIN_STREAM` bytes came out) and where the input ended, or null for no stream here.
 * The output is a view of a shared buffer: use it before the next call.
 */
export function snappyAt(buf: Buffer, at: number): { output: Buffer; end: number; complete: boolean } | null {
  const header = readVarint(buf, at);
  if (!header || header.value < MIN_STREAM || header.value > MAX_STREAM) return null;
  const out = scratch;
  let o = 0;
  let i = header.next;
  let copies = 0;
  // A broken-off stream is searched only if it decoded a copy: literals alone are the file's own bytes,
  // already searched as stored (and random bytes decode to short literal runs at almost every offset).
  const partial = () => (o >= 4 * MIN_STREAM && copies > 0 ? { output: out.subarray(0, o), end: i, complete: false } : null);
  while (o < header.value) {
    if (i >= buf.length) return partial();
    const tag = buf[i]!;
    const kind = tag & 3;
    let length: number;
    let offset: number;
    if (kind === 0) {
      let n = tag >> 2;
      i++;
      if (n >= 60) {
        const extra = n - 59;
        if (i + extra > buf.length) return partial();
        n = buf.readUIntLE(i, extra);
        i += extra;
      }
      length = n + 1;
      if (i + length > buf.length || o + length > header.value) return partial();
      buf.copy(out, o, i, i + length);
      i += length;
      o += length;
      continue;
    }
    if (kind === 1) {
      if (i + 2 > buf.length) return partial();
      length = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | buf[i + 1]!;
      i += 2;
    } else if (kind === 2) {
      if (i + 3 > buf.length) return partial();
      length = (tag >> 2) + 1;
      offset = buf.readUInt16LE(i + 1);
      i += 3;
    } else {
      if (i + 5 > buf.length) return partial();
      length = (tag >> 2) + 1;
      offset = buf.readUInt32LE(i + 1);
      i += 5;
    }
    if (offset === 0 || offset > o || o + length > header.value) return partial();
    copies++;
    // Byte by byte: a copy may overlap what it writes (runs).
    for (let k = 0; k < length; k++, o++) out[o] = out[o - offset]!;
  }
  // Only what this stream wrote: the rest of the shared buffer is earlier streams' output (searching it
  // cost 16 MB per stream and could report another file's secret here).
  return { output: out.subarray(0, o), end: i, complete: true };
}

export interface Hit {
  needle: string;
  form: string;
  /** The file, relative to the profile folder. */
  file: string;
  /** "as stored" or "in Snappy data". */
  where: "as stored" | "in Snappy data";
}

export interface ScanResult {
  files: number;
  bytes: number;
  /** Complete Snappy streams found and searched. */
  snappyStreams: number;
  hits: Hit[];
}

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

function search(data: Buffer, needles: Needle[], file: string, where: Hit["where"], hits: Hit[]): void {
  for (const needle of needles)
    for (const form of needle.forms)
      if (data.includes(form.bytes) && !hits.some((h) => h.needle === needle.name && h.form === form.label && h.file === file && h.where === where))
        hits.push({ needle: needle.name, form: form.label, file, where });
}

/** Where browsers keep web and extension storage; the Snappy pass is for these (about half a second per MB). */
export const STORAGE_FOLDERS = /(^|\/)(storage|IndexedDB|Local Extension Settings|Sync Extension Settings|Session Storage|Local Storage)\//;

/** Every file under `dir` as stored; those under STORAGE_FOLDERS (and under `maxFileBytes`) Snappy-decoded too. */
export async function scanProfile(dir: string, needles: Needle[], maxFileBytes = 64 * 1024 * 1024): Promise<ScanResult> {
  const result: ScanResult = { files: 0, bytes: 0, snappyStreams: 0, hits: [] };
  for await (const full of filesUnder(dir)) {
    const file = path.relative(dir, full);
    const size = (await stat(full)).size;
    const data = await readFile(full).catch(() => null);
    if (!data) continue;
    result.files++;
    result.bytes += size;
    search(data, needles, file, "as stored", result.hits);
    if (size > maxFileBytes || !STORAGE_FOLDERS.test(file)) continue;
    for (let at = 0; at < data.length; at++) {
      const stream = snappyAt(data, at);
      if (!stream) continue;
      search(stream.output, needles, file, "in Snappy data", result.hits);
      // No skipping past it: random bytes can look like a short stream and hide a real one that starts inside.
      if (stream.complete) result.snappyStreams++;
    }
  }
  return result;
}
