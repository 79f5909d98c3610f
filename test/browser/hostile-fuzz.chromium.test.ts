/**
 * The background's message handling fuzzed in real Chromium, signed in to the test homeserver with
 * a finished audit (so there are secrets to leak): random and malformed messages from our content
 * script's own world on an Element-like page, and from an extension page. Nothing crashes (the
 * background still answers, the same session), a content script gets nothing but ping and badges,
 * and no answer to it holds the access token, a device or master key, or a room the account is not in.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { AuditReport } from "../../src/core/verdicts.ts";
import { startHomeserver, type Homeserver } from "../homeserver/index.ts";
import { startPageServer, type PageServer } from "../pages/serve.ts";
import { launchChromium, type ChromiumExtension } from "./harness/chromium.ts";
import { evaluationExpression } from "./harness/common.ts";
import { badgesScenario, pageMembers, roomByName, SECRET_ROOM, showRoom } from "./badges.setup.ts";
import { signInAndAudit } from "./popup.setup.ts";
import { randomMessage, seeded } from "../node/hostile/fuzz-gen.ts";

const FROM_CONTENT = Number(process.env.FUZZ_BROWSER_CONTENT ?? 3000);
const FROM_PAGE = Number(process.env.FUZZ_BROWSER_PAGE ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);

/** Read-only messages only from the extension page: the fuzz must not sign out or reset the identity it checks. */
const PAGE_VALID = [
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
const jsonSafe = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value) ?? "null"));

describe("message fuzz in Chromium against a signed-in background", () => {
  let server: Homeserver;
  let pages: PageServer;
  let extension: ChromiumExtension;
  let report: AuditReport;
  let deviceId: string;
  let secrets: string[];

  before(async () => {
    server = await startHomeserver({ scenario: badgesScenario() });
    pages = await startPageServer();
    extension = await launchChromium();
    report = await signInAndAudit(extension, server, badgesScenario().rooms!.length - 1);
    const status = await extension.sendFromExtensionPage("session.status", {});
    assert.ok(status.ok && status.value.deviceId);
    deviceId = status.value.deviceId!;
    const token = [...server.state.tokens].find(([, s]) => s.deviceId === deviceId)?.[0];
    assert.ok(token, "the extension's access token, as the server issued it");
    const keys = report.rooms.flatMap((r) => r.members.flatMap((m) => [m.masterKey, ...m.devices.map((d) => d.ed25519)])).filter((k): k is string => !!k);
    secrets = [token, SECRET_ROOM, ...new Set(keys)];
    assert.ok(secrets.length > 10);
  });

  after(async () => {
    await extension?.close();
    await pages?.close();
    await server?.stop();
  });

  test(`${FROM_CONTENT} messages from the content script's world: refused or badges only, no secret answered`, async () => {
    const ops = roomByName(report, "Ops");
    const page = await showRoom((url) => extension.openWebPage(url), pages.origin, "current", ops.roomId, { [ops.roomId]: pageMembers(ops) });
    try {
      const rng = seeded(SEED);
      const valid = [
        { type: "ping", payload: {} },
        { type: "content.badges", payload: { room: ops.roomId, userIds: ops.members.map((m) => m.userId), devicesOf: ops.members[1]?.userId ?? "@a:b" } },
        { type: "content.badges", payload: { room: SECRET_ROOM, userIds: ["@bob:localhost"] } },
        ...PAGE_VALID,
        { type: "session.signOut", payload: {} },
        { type: "verification.recover", payload: { recoveryKey: "x" } },
      ];
      const types = valid.map((v) => v.type);
      const messages = Array.from({ length: FROM_CONTENT }, () => jsonSafe(randomMessage(rng, types, valid)));
      const answers = await askInContentScript(extension, page, messages);
      assert.equal(answers.length, messages.length);
      let badges = 0;
      answers.forEach((answer, i) => {
        const text = JSON.stringify(answer);
        for (const secret of secrets) assert.ok(!text.includes(secret), `#${i} ${JSON.stringify(messages[i]).slice(0, 200)} answered a secret: ${text.slice(0, 300)}`);
        assert.equal(typeof (answer as { ok?: unknown })?.ok, "boolean", `#${i}: not a Result: ${text.slice(0, 200)}`);
        const type = (messages[i] as { type?: unknown })?.type;
        if ((answer as { ok: boolean }).ok) {
          assert.ok(type === "ping" || type === "content.badges", `#${i}: a content script was answered ${String(type)}`);
          if (type === "content.badges") badges++;
        }
      });
      assert.ok(badges > 0, "some badge asks were well-formed and answered");
    } finally {
      await page.close();
    }
  });

  test(`${FROM_PAGE} read-only messages from an extension page: every answer a Result, never the access token`, async () => {
    const rng = seeded(SEED + 1);
    const types = [...READ_ONLY];
    const messages = Array.from({ length: FROM_PAGE }, () => jsonSafe(randomMessage(rng, types, PAGE_VALID)))
      // Mutation may change the type to a non-read-only one only through random strings: keep those refused ones too.
      .filter((m) => { const t = (m as { type?: unknown })?.type; return typeof t !== "string" || READ_ONLY.has(t) || !t.includes("."); });
    const page = await extension.openExtensionPage("popup.html");
    try {
      const answers = await page.evaluate(async (list: unknown[]) => {
        const api = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome;
        const out: unknown[] = [];
        for (const m of list) out.push(await api.runtime.sendMessage(m).catch((e: unknown) => ({ thrown: String(e) })));
        return out;
      }, messages);
      answers.forEach((answer, i) => {
        const text = JSON.stringify(answer);
        assert.ok(!text.includes(secrets[0]!), `#${i}: the access token was answered`);
        assert.equal(typeof (answer as { ok?: unknown })?.ok, "boolean", `#${i}: not a Result: ${text.slice(0, 200)}`);
      });
    } finally {
      await page.close();
    }
  });

  test("afterwards the background answers, with the same session", async () => {
    const status = await extension.sendFromExtensionPage("session.status", {});
    assert.ok(status.ok && status.value.signedIn, JSON.stringify(status));
    assert.equal(status.value.deviceId, deviceId);
    const after = await extension.sendFromExtensionPage("audit.report", {});
    assert.ok(after.ok && after.value && after.value.rooms.length === report.rooms.length);
  });
});

/** Sends every message from our content script's isolated world (one CDP evaluation) and returns the answers. */
async function askInContentScript(extension: ChromiumExtension, page: { raw: unknown }, messages: unknown[]): Promise<unknown[]> {
  const cdp = await extension.context.newCDPSession(page.raw as never);
  try {
    const worlds: { id: number; origin: string; auxData?: { type?: string } }[] = [];
    cdp.on("Runtime.executionContextCreated", ({ context }) => worlds.push(context));
    await cdp.send("Runtime.enable");
    const world = worlds.find((w) => w.auxData?.type === "isolated" && w.origin === extension.origin);
    assert.ok(world, "our content script's isolated world");
    const expression = evaluationExpression(async (list: unknown[]) => {
      const api = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome;
      const out: unknown[] = [];
      for (const m of list) out.push(await api.runtime.sendMessage(m).catch((e: unknown) => ({ thrown: String(e) })));
      return out;
    }, messages);
    const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", { contextId: world.id, expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(`The content script's world threw: ${exceptionDetails.text}`);
    return result.value as unknown[];
  } finally {
    await cdp.detach();
  }
}
