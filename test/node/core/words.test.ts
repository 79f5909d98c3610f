// The product's trust words are defined once (src/core/words.ts) and every part says them: the
// popup, the member-list badges, the command line and the exports. A part that writes its own
// table of verdict, device-verdict, severity, shield or finding words fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { formatMarkdown, formatTable } from "../../../src/cli/format-report.ts";
import { deviceWords } from "../../../src/content/device-words.ts";
import { describeBadge } from "../../../src/content/words.ts";
import { S } from "../../../src/popup/strings.ts";
import type { DeviceVerdict, FindingKind, UserVerdict } from "../../../src/core/verdicts.ts";
import { FINDING_SEVERITY } from "../../../src/core/verdicts.ts";
import {
  DEVICE_VERDICT_TONE,
  DEVICE_VERDICT_WORDS,
  FINDING_COUNT_WORDS,
  FINDING_WORDS,
  SEVERITY_WORDS,
  SHIELD_WORDS,
  USER_VERDICT_TONE,
  USER_VERDICT_WORDS,
} from "../../../src/core/words.ts";
import { device, finding, member, report, room } from "../popup/report-parts.ts";

const SRC = fileURLToPath(new URL("../../../src/", import.meta.url));
const WORDS_FILE = path.join(SRC, "core", "words.ts");

const USER_VERDICTS = Object.keys(USER_VERDICT_WORDS) as UserVerdict[];
const DEVICE_VERDICTS = Object.keys(DEVICE_VERDICT_WORDS) as DeviceVerdict[];
const KINDS = Object.keys(FINDING_SEVERITY) as FindingKind[];

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)));
    else if (/\.(ts|tsx|mts|mjs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

test("the words table: every verdict, device verdict, severity, shield and finding kind has its own words", () => {
  const tables: [string, Record<string, string>, string[]][] = [
    ["user verdict", USER_VERDICT_WORDS, USER_VERDICTS],
    ["device verdict", DEVICE_VERDICT_WORDS, DEVICE_VERDICTS],
    ["finding kind", FINDING_WORDS, KINDS],
    ["severity", SEVERITY_WORDS, ["critical", "warning", "notice"]],
    ["shield", SHIELD_WORDS, ["verified", "normal", "warning", "none"]],
  ];
  for (const [what, table, keys] of tables) {
    assert.deepEqual(Object.keys(table).sort(), [...keys].sort(), `${what}: one entry per value`);
    const words = Object.values(table);
    for (const w of words) assert.match(w, /^[A-Z]/, `${what} words read as words: ${JSON.stringify(w)}`);
    assert.equal(new Set(words).size, words.length, `${what}: no two values say the same`);
  }
  for (const kind of KINDS) assert.ok(kind in FINDING_COUNT_WORDS, `${kind} has badge words (or null)`);
});

test("the popup, the badges and the command line say the core's words", () => {
  // The popup's strings are the core's tables themselves.
  assert.equal(S.userVerdict, USER_VERDICT_WORDS);
  assert.equal(S.deviceVerdict, DEVICE_VERDICT_WORDS);
  assert.equal(S.severity, SEVERITY_WORDS);
  assert.equal(S.finding, FINDING_WORDS);
  assert.equal(S.shield, SHIELD_WORDS);
  // The badges: each verdict's label starts with its words, and the level matches the popup's tone.
  for (const verdict of USER_VERDICTS) {
    const text = describeBadge({ userId: "@x:y", verdict, findings: [] } as never);
    assert.equal(text.lines[0], USER_VERDICT_WORDS[verdict]);
    assert.equal(text.level === "ok" ? "good" : text.level, USER_VERDICT_TONE[verdict], `${verdict}: badge colour as the popup's tag`);
  }
  for (const verdict of DEVICE_VERDICTS) {
    assert.equal(deviceWords(verdict).words, DEVICE_VERDICT_WORDS[verdict]);
    assert.equal(deviceWords(verdict).level === "ok" ? "good" : deviceWords(verdict).level, DEVICE_VERDICT_TONE[verdict]);
  }
  // The command line's table and Markdown: the members' and devices' verdicts in the same words.
  const r = report([
    room("!r:x", {
      members: USER_VERDICTS.map((verdict, i) =>
        member(`@u${i}:x`, { verdict, devices: DEVICE_VERDICTS.map((dv, j) => device(`@u${i}:x`, `D${i}${j}`, { verdict: dv })) }),
      ),
      findings: [finding("f", { userId: "@u0:x", deviceId: "D00" })],
    }),
  ]);
  for (const text of [formatTable(r), formatMarkdown(r)]) {
    for (const verdict of USER_VERDICTS) assert.ok(text.includes(USER_VERDICT_WORDS[verdict]), `says ${USER_VERDICT_WORDS[verdict]}`);
    for (const verdict of DEVICE_VERDICTS) assert.ok(text.includes(DEVICE_VERDICT_WORDS[verdict]), `says ${DEVICE_VERDICT_WORDS[verdict]}`);
  }
});

test("no part of src/ defines its own trust words", async () => {
  const keys = [...new Set([...USER_VERDICTS, ...DEVICE_VERDICTS, ...KINDS, "critical", "warning", "notice", "normal"])];
  const keyPattern = keys.map((k) => k.replace(/-/g, "\\-")).join("|");
  // `key: "Some words"`, `key: (n) => … "words" …`, `key: { words: "…" }`: a table entry keyed by a
  // verdict, severity or kind whose line holds text for people (a word, a space, a word).
  const ownTable = new RegExp(`(?:^|[\\s{,])["']?(?:${keyPattern})["']?\\s*:[^\\n]*["'\`][^"'\`\\n]*[A-Za-z]{2,} [a-z]`, "m");
  const phrases = [...Object.values(USER_VERDICT_WORDS), ...Object.values(DEVICE_VERDICT_WORDS), ...Object.values(FINDING_WORDS), ...Object.values(SHIELD_WORDS)]
    .filter((w) => w.length >= 12);
  const offenders: string[] = [];
  for (const file of await sourceFiles(SRC)) {
    if (file === WORDS_FILE) continue;
    const text = await readFile(file, "utf8");
    const rel = path.relative(SRC, file);
    const line = text.split("\n").find((l) => !/^\s*(\/\/|\/\*|\*)/.test(l) && ownTable.test(l));
    if (line) offenders.push(`${rel}: ${line.trim()}`);
    for (const phrase of phrases) if (['"', "'", "`"].some((q) => text.includes(`${q}${phrase}${q}`))) offenders.push(`${rel}: says ${JSON.stringify(phrase)} itself`);
  }
  assert.deepEqual(offenders, [], "trust words belong in src/core/words.ts");
});
