/**
 * The message fuzz in Chromium, plus what only Chromium's harness can do: send from our content
 * script's own isolated world (found through CDP) on an Element-like page. A content script gets
 * nothing but ping and badges, and no answer to it holds the access token, a device or master key,
 * or a room the account is not in. (Firefox's harness, WebDriver BiDi, lists no content-script realm
 * to evaluate in, so Firefox runs the extension-page fuzz only.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { launchChromium, type ChromiumExtension } from "./harness/chromium.ts";
import { evaluationExpression } from "./harness/common.ts";
import { pageMembers, roomByName, SECRET_ROOM, showRoom } from "./badges.setup.ts";
import { randomMessage, seeded } from "../node/hostile/fuzz-gen.ts";
import { ANSWER_DEADLINE_MS, FROM_CONTENT, PAGE_VALID, SEED, assertNoneHung, fuzzCases, jsonSafe, sendEachWithDeadline } from "./hostile-fuzz.cases.ts";

fuzzCases("Chromium", () => launchChromium(), (suite) => {
  test(`${FROM_CONTENT} messages from the content script's world: refused or badges only, in time, no secret answered`, async () => {
    const { pages, report, secrets } = suite();
    const extension = suite().extension as ChromiumExtension;
    const ops = roomByName(report, "Ops");
    const page = await showRoom(extension, pages.origin, "current", ops.roomId, { [ops.roomId]: pageMembers(ops) });
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
      assertNoneHung(answers, messages);
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
    const expression = evaluationExpression(sendEachWithDeadline, { list: messages, deadlineMs: ANSWER_DEADLINE_MS });
    const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", { contextId: world.id, expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(`The content script's world threw: ${exceptionDetails.text}`);
    return result.value as unknown[];
  } finally {
    await cdp.detach();
  }
}
