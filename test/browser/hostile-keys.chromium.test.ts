/**
 * The hostile-keys cases in Chromium, plus what only Chromium's harness can do: ask the background
 * from the content script's own isolated world (CDP) and compare its answer with the report.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { MemberBadge } from "../../src/protocol/messages.ts";
import { launchChromium, type ChromiumExtension } from "./harness/chromium.ts";
import { pageMembers, showRoom } from "./badges.setup.ts";
import { hostileKeysCases } from "./hostile-keys.cases.ts";
import { ME, MIA, ROOM } from "../node/hostile/hostile-scenario.ts";

hostileKeysCases("Chromium", () => launchChromium(), (suite) => {
  test("the badges a content script gets say the same as the report, member by member", async () => {
    const { pages, lied } = suite();
    const extension = suite().extension as ChromiumExtension;
    const room = lied.rooms.find((r) => r.roomId === ROOM)!;
    const page = await showRoom(extension, pages.origin, "current", ROOM, { [ROOM]: pageMembers(room) }, {}, ME);
    try {
      const answer = (await extension.sendFromContentScript(page, { type: "content.badges", payload: { room: ROOM, userIds: room.members.map((m) => m.userId) } })) as
        { ok: boolean; value: { members: MemberBadge[] } };
      assert.ok(answer.ok, JSON.stringify(answer));
      for (const member of room.members) {
        const badge = answer.value.members.find((b) => b.userId === member.userId);
        assert.ok(badge, `a badge for ${member.userId}`);
        assert.equal(badge.verdict, member.verdict, `${member.userId}: badge and report agree`);
        const counts = new Map<string, number>();
        for (const f of room.findings) if (f.userId === member.userId) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
        assert.deepEqual(Object.fromEntries(badge.findings.map((f) => [f.kind, f.count])), Object.fromEntries(counts), `${member.userId}: finding counts agree`);
      }
      assert.equal(answer.value.members.find((b) => b.userId === MIA)!.verdict, "verification-violation");
    } finally {
      await page.close();
    }
  });
});
