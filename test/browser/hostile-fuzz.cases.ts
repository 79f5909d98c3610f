/**
 * The background's message handling fuzzed in a real browser (each browser's test file runs these
 * cases), signed in to the test homeserver with a finished audit (so there are secrets to leak):
 * random and malformed messages from an extension page. Nothing crashes (the background still
 * answers, the same session), every answer is a Result that comes within its deadline, and none
 * holds the access token. Chromium adds the same from our content script's own world.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { AuditReport } from "../../src/core/verdicts.ts";
import { startHomeserver, type Homeserver } from "../homeserver/index.ts";
import { startPageServer, type PageServer } from "../pages/serve.ts";
import type { ExtensionUnderTest } from "./harness/common.ts";
import { badgesScenario, SECRET_ROOM } from "./badges.setup.ts";
import { signInAndAudit } from "./popup.setup.ts";
import { randomMessage, seeded } from "../node/hostile/fuzz-gen.ts";

export const FROM_CONTENT = Number(process.env.FUZZ_BROWSER_CONTENT ?? 3000);
const FROM_PAGE = Number(process.env.FUZZ_BROWSER_PAGE ?? 2000);
export const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
/** How long one answer may take before the fuzz counts it as hung (a hang fails the test, it is not skipped). */
export const ANSWER_DEADLINE_MS = 15_000;

/** Read-only messages only from the extension page: the fuzz must not sign out or reset the identity it checks. */
export const PAGE_VALID = [
  { type: "ping", payload: {} },
  { type: "session.status", payload: {} },
  { type: "audit.report", payload: {} },
  { type: "history.list", payload: { limit: 5 } },
  { type: "settings.get", payload: {} },
  { type: "verification.status", payload: {} },
  { type: "verification.flows", payload: {} },
  { type: "identity.get", payload: { userId: "@alice:localhost" } },
  { type: "device.fingerprint", payload: { userId: "@alice:localhost", deviceId: "ALICEPHONE" } },
];
const READ_ONLY = new Set(PAGE_VALID.map((m) => m.type));

/** JSON-safe (what goes into the page's expression), as a page could build it. */
export const jsonSafe = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value) ?? "null"));

/**
 * Page-side: sends each message in turn and collects the answers; an answer that does not come
 * within `deadlineMs` is recorded as `{ hung: true }` and the next message is sent. Runs in the page
 * (extension page or content script world), so it may use only its argument.
 */
export async function sendEachWithDeadline({ list, deadlineMs }: { list: unknown[]; deadlineMs: number }): Promise<unknown[]> {
  const api = ((globalThis as unknown as { browser?: unknown }).browser ?? (globalThis as unknown as { chrome: unknown }).chrome) as { runtime: { sendMessage(m: unknown): Promise<unknown> } };
  const out: unknown[] = [];
  for (const m of list) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hung = new Promise((resolve) => (timer = setTimeout(() => resolve({ hung: true }), deadlineMs)));
    out.push(await Promise.race([api.runtime.sendMessage(m).catch((e: unknown) => ({ thrown: String(e) })), hung]));
    clearTimeout(timer);
  }
  return out;
}

/** Fails on the first answer that hung past its deadline, naming the message. */
export function assertNoneHung(answers: unknown[], messages: unknown[]): void {
  answers.forEach((answer, i) => {
    assert.ok(!(answer as { hung?: boolean } | null)?.hung, `#${i} ${JSON.stringify(messages[i]).slice(0, 200)}: no answer within ${ANSWER_DEADLINE_MS} ms`);
  });
}

export interface FuzzSuite {
  extension: ExtensionUnderTest;
  pages: PageServer;
  report: AuditReport;
  /** The access token first, then room IDs and keys the content script must never learn. */
  secrets: string[];
}

export function fuzzCases(name: string, launch: () => Promise<ExtensionUnderTest>, extra?: (suite: () => FuzzSuite) => void): void {
  describe(`message fuzz in ${name} against a signed-in background`, () => {
    let server: Homeserver;
    const suite = {} as FuzzSuite;
    let deviceId: string;

    before(async () => {
      server = await startHomeserver({ scenario: badgesScenario() });
      suite.pages = await startPageServer();
      suite.extension = await launch();
      suite.report = await signInAndAudit(suite.extension, server, badgesScenario().rooms!.length - 1);
      const status = await suite.extension.sendFromExtensionPage("session.status", {});
      assert.ok(status.ok && status.value.deviceId);
      deviceId = status.value.deviceId!;
      const token = [...server.state.tokens].find(([, s]) => s.deviceId === deviceId)?.[0];
      assert.ok(token, "the extension's access token, as the server issued it");
      const keys = suite.report.rooms.flatMap((r) => r.members.flatMap((m) => [m.masterKey, ...m.devices.map((d) => d.ed25519)])).filter((k): k is string => !!k);
      suite.secrets = [token, SECRET_ROOM, ...new Set(keys)];
      assert.ok(suite.secrets.length > 10);
    });

    after(async () => {
      await suite.extension?.close();
      await suite.pages?.close();
      await server?.stop();
    });

    extra?.(() => suite);

    test(`${FROM_PAGE} read-only messages from an extension page: every answer a Result in time, never the access token`, async () => {
      const rng = seeded(SEED + 1);
      const types = [...READ_ONLY];
      const messages = Array.from({ length: FROM_PAGE }, () => jsonSafe(randomMessage(rng, types, PAGE_VALID)))
        // Mutation may change the type to a non-read-only one only through random strings: keep those refused ones too.
        .filter((m) => {
          const t = (m as { type?: unknown })?.type;
          return typeof t !== "string" || READ_ONLY.has(t) || !t.includes(".");
        });
      const page = await suite.extension.openExtensionPage("popup.html");
      try {
        const answers = await page.evaluate(sendEachWithDeadline, { list: messages, deadlineMs: ANSWER_DEADLINE_MS });
        assert.equal(answers.length, messages.length);
        assertNoneHung(answers, messages);
        answers.forEach((answer, i) => {
          const text = JSON.stringify(answer);
          assert.ok(!text.includes(suite.secrets[0]!), `#${i}: the access token was answered`);
          assert.equal(typeof (answer as { ok?: unknown })?.ok, "boolean", `#${i}: not a Result: ${text.slice(0, 200)}`);
        });
      } finally {
        await page.close();
      }
    });

    test("afterwards the background answers, with the same session", async () => {
      const status = await suite.extension.sendFromExtensionPage("session.status", {});
      assert.ok(status.ok && status.value.signedIn, JSON.stringify(status));
      assert.equal(status.value.deviceId, deviceId);
      const after = await suite.extension.sendFromExtensionPage("audit.report", {});
      assert.ok(after.ok && after.value && after.value.rooms.length === suite.report.rooms.length);
    });
  });
}
