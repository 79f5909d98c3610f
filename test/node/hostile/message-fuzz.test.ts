// Fuzzing the background's message handling from the popup's and a content script's position:
// parseRequest, then the router with the REAL handler table (no network: fetch refuses), then the
// content script's one data message (content.badges) over an account holding secrets. Nothing may
// throw, every answer is a Result, a content script is answered nothing but ping and badges, and no
// key, token or other room's data is ever in an answer to it.
import "fake-indexeddb/auto";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseRequest, type MessageType, type SenderRole } from "../../../src/protocol/messages.ts";
import type { HandlerTable } from "../../../src/background/context.ts";
import type { BootState } from "../../../src/background/boot.ts";
import { makeBadgesHandler } from "../../../src/background/badges/handler.ts";
import type { RoomAudit } from "../../../src/core/verdicts.ts";
import { asDelivered, randomMessage, seeded } from "./fuzz-gen.ts";
import { withDeadline } from "../../helpers/wait-for.ts";

const PER_ROLE = Number(process.env.FUZZ_MESSAGES ?? 6000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
/** Far above any real answer (no network here); only a hang reaches it. */
const ANSWER_DEADLINE_MS = 10_000;
const ROLES: SenderRole[] = ["extension-page", "content-script"];
/** What a content script may send; everything else is the extension's own pages only. */
const CONTENT_SCRIPT_TYPES = new Set(["ping", "content.badges"]);

const VALID: { type: string; payload: Record<string, unknown> }[] = [
  { type: "ping", payload: {} },
  { type: "session.status", payload: {} },
  { type: "session.signIn", payload: { homeserver: "http://127.0.0.1:1", user: "alice", password: "pw" } },
  { type: "session.resolveHomeserver", payload: { homeserver: "http://127.0.0.1:1" } },
  { type: "audit.report", payload: {} },
  { type: "audit.overview", payload: {} },
  { type: "popup.open", payload: {} },
  { type: "audit.room", payload: { roomId: "!room:localhost" } },
  { type: "content.badges", payload: { room: "!room:localhost", userIds: ["@alice:localhost"], devicesOf: "@alice:localhost" } },
  { type: "audit.acknowledge", payload: { findingIds: ['["unsigned-device","!room:localhost","@alice:localhost",null,null]'] } },
  { type: "history.list", payload: { room: "!room:localhost", limit: 10 } },
  { type: "settings.set", payload: { historyRetentionDays: 30 } },
  { type: "identity.pin", payload: { userId: "@alice:localhost", masterKey: "A".repeat(43) } },
  { type: "identity.withdraw", payload: { userId: "@alice:localhost", masterKey: "A".repeat(43) } },
  { type: "device.setVerified", payload: { userId: "@alice:localhost", deviceId: "A1", verified: true, ed25519: "A".repeat(43) } },
  { type: "device.crossSign", payload: { deviceId: "A1", ed25519: "A".repeat(43) } },
  { type: "verification.requestOwnDevice", payload: { deviceId: "A1" } },
  { type: "verification.recover", payload: { recoveryKey: "EsTt DXr3" } },
  { type: "verification.flowAction", payload: { flowId: "f1", action: "cancel" } },
  { type: "device.fingerprint", payload: { userId: "@alice:localhost", deviceId: "A1" } },
];

describe("message fuzz", () => {
  let types: string[];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const realFetch = globalThis.fetch;
  const realError = console.error;
  /** The router logs each handler failure; counted here instead of flooding the output. */
  let handlerFailuresLogged = 0;

  before(() => {
    process.on("unhandledRejection", onUnhandled);
    console.error = () => void handlerFailuresLogged++;
    globalThis.fetch = (async () => {
      throw new TypeError("no network in the fuzz test");
    }) as typeof fetch;
    // Every type the table knows: probe each with an empty payload from an extension page.
    const probe = ["ping", ...VALID.map((v) => v.type)];
    types = [...new Set(probe)];
  });

  after(() => {
    process.off("unhandledRejection", onUnhandled);
    console.error = realError;
    globalThis.fetch = realFetch;
  });

  it(`parseRequest: ${PER_ROLE * 2} random and malformed messages, never a throw, content scripts limited`, () => {
    const rng = seeded(SEED);
    let accepted = 0;
    for (const role of ROLES)
      for (let i = 0; i < PER_ROLE; i++) {
        const message = asDelivered(randomMessage(rng, types, VALID));
        const outcome = parseRequest(message, role);
        if (!outcome.ok) {
          assert.ok(outcome.reason === "bad-request" || outcome.reason === "forbidden", `seed ${SEED} #${i}`);
          continue;
        }
        accepted++;
        if (role === "content-script") assert.ok(CONTENT_SCRIPT_TYPES.has(outcome.envelope.type), `content script got ${outcome.envelope.type} through`);
        // Accepted payloads are exactly what was sent (no coercion) and survive a second check.
        assert.deepEqual(parseRequest(outcome.envelope, role).ok, true);
      }
    assert.ok(accepted > PER_ROLE / 20, `the mutations leave some messages well-formed (${accepted})`);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, "extra"), false, "no prototype pollution");
  });

  it(`the router with the real handler table: ${PER_ROLE * 2} messages, every answer a Result`, async () => {
    (globalThis as Record<string, unknown>).chrome ??= { runtime: { id: "fuzz", getURL: (p: string) => `chrome-extension://fuzz/${p}` } };
    const { route } = await import("../../../src/background/router.ts");
    const { handlerTable: handlers } = (await import("../../../src/background/handler-table.ts")) as { handlerTable: HandlerTable };
    const booted: Promise<BootState> = Promise.resolve({ bootCount: 1, db: null, storageReady: false, cryptoWasmReady: false } as BootState);
    const rng = seeded(SEED + 1);
    const codes = new Map<string, number>();
    for (const role of ROLES)
      for (let i = 0; i < PER_ROLE; i++) {
        const message = asDelivered(randomMessage(rng, types, VALID));
        // A hang is a failure: every message gets an answer within its deadline.
        const answer = await withDeadline(
          route({ message, role, tabId: 1, senderUrl: "https://app.element.io/#/room/!room:localhost" }, handlers, booted),
          ANSWER_DEADLINE_MS,
          `seed ${SEED + 1} #${i} from ${role}: ${String(JSON.stringify(message)).slice(0, 200)}`,
        );
        assert.equal(typeof answer.ok, "boolean", `seed ${SEED + 1} #${i}: not a Result`);
        JSON.stringify(answer); // an answer must be sendable back
        const key = answer.ok ? "ok" : answer.error.code;
        codes.set(key, (codes.get(key) ?? 0) + 1);
        if (role === "content-script" && answer.ok) {
          const type = (message as { type: MessageType }).type;
          assert.ok(CONTENT_SCRIPT_TYPES.has(type), `content script answered for ${type}`);
        }
      }
    console.log("router answers by code:", JSON.stringify(Object.fromEntries(codes)), "handler failures logged:", handlerFailuresLogged);
    assert.ok((codes.get("bad-request") ?? 0) > 0 && (codes.get("forbidden") ?? 0) > 0);
  });

  it(`content.badges: ${PER_ROLE} fuzzed asks never answer keys, tokens or another room's members`, async () => {
    const SECRETS = ["ED25519SECRETKEY", "MASTERSECRETKEY", "syt_ACCESS_TOKEN", "OTHER_ROOM_MEMBER", "Other room name"];
    const audit = (roomId: string, userId: string, name: string): RoomAudit =>
      ({
        roomId,
        name,
        encrypted: true,
        isDirect: false,
        shield: "warning",
        members: [
          {
            userId,
            displayName: "Alice",
            verdict: "unverified",
            masterKey: "MASTERSECRETKEY",
            devicesKnown: true,
            devices: [{ userId, deviceId: "A1", displayName: "phone", ed25519: "ED25519SECRETKEY", verdict: "unsigned", facts: { signedByOwner: false, crossSigningVerified: false, localVerified: false } }],
          },
        ],
        findings: [{ id: "f1", kind: "unsigned-device", severity: "notice", roomId, userId, deviceId: "A1", ed25519: "ED25519SECRETKEY", firstSeen: 1, acknowledged: false }],
        policyPreview: { excludedDevices: [], failingUsers: [], onlySignedFailingUsers: [], onlySignedBlocked: null },
      }) as RoomAudit;
    const audits = new Map([
      ["!room:localhost", audit("!room:localhost", "@alice:localhost", "Room")],
      ["!other:localhost", audit("!other:localhost", "@OTHER_ROOM_MEMBER:localhost", "Other room name")],
    ]);
    const account = {
      accessToken: "syt_ACCESS_TOKEN",
      joinedRoomId: async (ref: string) => (ref === "!room:localhost" || ref === "#room:localhost" ? "!room:localhost" : null),
      roomAudit: (roomId: string) => audits.get(roomId) ?? null,
      markWarned: async () => {},
    };
    const handler = makeBadgesHandler({ isEnabledPage: async (url) => url.startsWith("https://app.element.io/"), account: async () => account });
    const table = { "content.badges": handler } as unknown as HandlerTable;
    const { route } = await import("../../../src/background/router.ts");
    const rng = seeded(SEED + 2);
    const urls = ["https://app.element.io/#/room/!room:localhost", "https://evil.example/", "http://app.element.io/", "chrome-extension://fuzz/popup.html"];
    let answered = 0;
    for (let i = 0; i < PER_ROLE; i++) {
      const mutated = randomMessage(rng, ["content.badges"], [VALID.find((v) => v.type === "content.badges")!]);
      // Mostly asks of the right type with a mutated payload; the rest anything at all.
      const payload = mutated && typeof mutated === "object" && "payload" in mutated ? mutated.payload : mutated;
      const message = asDelivered(rng() < 0.7 ? { type: "content.badges", payload } : mutated);
      const answer = await route({ message, role: "content-script", tabId: 3, senderUrl: urls[Math.floor(rng() * urls.length)]! }, new Proxy(table, { get: (t, k) => (t as Record<string, unknown>)[k as string] ?? (async () => ({ ok: false, error: { code: "bad-request", message: "" } })) }), Promise.resolve({} as BootState));
      const text = JSON.stringify(answer);
      for (const secret of SECRETS) assert.ok(!text.includes(secret), `seed ${SEED + 2} #${i}: ${secret} answered: ${text}`);
      if (answer.ok) answered++;
    }
    assert.ok(answered > 0, "some asks were well-formed and answered");
  });

  it("no promise was left rejected unhandled", () => {
    assert.deepEqual(unhandled, []);
  });
});
