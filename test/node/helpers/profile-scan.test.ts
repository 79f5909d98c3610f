// The disk scan's Snappy pass (test/browser/disk/profile-scan.ts) finds what it should, where it is, and only there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { scanProfile, snappyAt, textNeedle } from "../../browser/disk/profile-scan.ts";

const literal = (text: string) => Buffer.concat([Buffer.from([(text.length - 1) << 2]), Buffer.from(text)]);
/** A 2-byte-offset copy (Snappy tag kind 2). */
const copy = (length: number, offset: number) => Buffer.from([((length - 1) << 2) | 2, offset & 0xff, offset >> 8]);
const stream = (length: number, ...parts: Buffer[]) => Buffer.concat([Buffer.from([length]), ...parts]);

// "syt_abcabcabcabcabcabc_end": the repeat is a copy, so the token is not in the stored bytes.
const TOKEN = "syt_abcabcabcabcabcabc_end";
const compressed = stream(TOKEN.length, literal("syt_abc"), copy(15, 3), literal("_end"));

test("snappyAt decodes a stream with copies, and answers only that stream's bytes", () => {
  assert.ok(!compressed.includes(TOKEN));
  const long = snappyAt(compressed, 0);
  assert.equal(long?.complete, true);
  assert.equal(long.output.toString(), TOKEN);
  // A shorter stream after it: its output must not carry the earlier stream's bytes along.
  const short = snappyAt(stream(16, literal("0123456789abcdef")), 0);
  assert.equal(short?.output.toString(), "0123456789abcdef");
});

test("scanProfile finds Snappy data in storage folders only, and reports it in its own file", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "mta-profile-scan-"));
  try {
    await mkdir(path.join(dir, "storage"));
    const noise = Buffer.alloc(100, 0x07);
    await writeFile(path.join(dir, "storage", "a.sqlite"), Buffer.concat([noise, compressed, noise]));
    await writeFile(path.join(dir, "storage", "b.sqlite"), Buffer.concat([noise, stream(16, literal("0123456789abcdef")), noise]));
    await writeFile(path.join(dir, "cache.bin"), Buffer.concat([noise, compressed]));
    await writeFile(path.join(dir, "plain.txt"), `token=${TOKEN}`);
    const result = await scanProfile(dir, [textNeedle("token", TOKEN)]);
    assert.equal(result.files, 4);
    assert.deepEqual(
      result.hits.map((h) => `${h.form} ${h.where} ${h.file}`).sort(),
      ["utf-8 as stored plain.txt", `utf-8 in Snappy data ${path.join("storage", "a.sqlite")}`],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
