/**
 * What changed between two audit reports, as trust-change history entries and identity-change
 * records. Pure, so it is tested without a browser.
 *
 * - Members joining or leaving an encrypted room are per room. The first time a room is seen
 *   encrypted, its members are entered as "member when first audited": the start of its log.
 * - Sessions and identities are facts about a person, not a room: logged once per person, without
 *   a room. They are compared only where both reports held the person's device list (a list still
 *   downloading after a sign-in is not "every session added").
 */
import type { IdentityChangeInput, TrustChangeInput } from "./records.ts";
import type { AuditReport, DeviceTrust, MemberTrust, RoomAudit } from "./verdicts.ts";

export interface ReportChanges {
  history: TrustChangeInput[];
  identityChanges: IdentityChangeInput[];
}

const NAME_LIMIT = 100;

/** Other users' names are quoted as given (shown as text only), cut to a sane length. */
function quote(name: string | null, fallback: string): string {
  const text = name && name.trim() ? name : fallback;
  return `“${text.length > NAME_LIMIT ? `${text.slice(0, NAME_LIMIT)}…` : text}”`;
}

const person = (m: MemberTrust): string => (m.displayName ? `${quote(m.displayName, m.userId)} (${m.userId})` : m.userId);
const session = (d: DeviceTrust): string => (d.displayName ? `${quote(d.displayName, d.deviceId)} (${d.deviceId})` : d.deviceId);
const roomName = (r: RoomAudit): string => quote(r.name, r.roomId);

const isVerifiedDevice = (d: DeviceTrust): boolean => d.verdict === "verified" || d.verdict === "locally-verified";

/** Each person once, as the first room listing them shows them (trust does not depend on the room). */
function people(report: AuditReport | null): Map<string, MemberTrust> {
  const out = new Map<string, MemberTrust>();
  for (const room of report?.rooms ?? []) for (const m of room.members) if (!out.has(m.userId)) out.set(m.userId, m);
  return out;
}

export function reportChanges(previous: AuditReport | null, next: AuditReport, at: number): ReportChanges {
  const me = next.account.userId;
  const history: TrustChangeInput[] = [];
  const identityChanges: IdentityChangeInput[] = [];

  const before = new Map((previous?.rooms ?? []).map((r) => [r.roomId, r]));
  for (const room of next.rooms) {
    if (!room.encrypted) continue;
    const old = before.get(room.roomId);
    const firstAudit = !old || !old.encrypted;
    const oldMembers = new Set(old?.members.map((m) => m.userId) ?? []);
    for (const m of room.members) {
      if (m.userId === me || (!firstAudit && oldMembers.has(m.userId))) continue;
      history.push({
        kind: "member-joined",
        at,
        roomId: room.roomId,
        userId: m.userId,
        detail: firstAudit
          ? `${person(m)} was a member of ${roomName(room)} when the audit first saw it encrypted.`
          : `${person(m)} joined ${roomName(room)}.`,
      });
    }
    if (firstAudit) continue;
    const nowMembers = new Set(room.members.map((m) => m.userId));
    for (const m of old.members) {
      if (m.userId === me || nowMembers.has(m.userId)) continue;
      history.push({ kind: "member-left", at, roomId: room.roomId, userId: m.userId, detail: `${person(m)} left ${roomName(room)}.` });
    }
  }

  const was = people(previous);
  for (const [userId, now] of people(next)) {
    const then = was.get(userId);
    if (needsRecord(now) && (!then || then.masterKey !== now.masterKey || then.verdict !== now.verdict))
      identityChanges.push({
        userId,
        previousMasterKey: then?.masterKey && then.masterKey !== now.masterKey ? then.masterKey : null,
        newMasterKey: now.masterKey!,
      });
    if (!then) continue;
    if (then.masterKey && now.masterKey && then.masterKey !== now.masterKey)
      history.push({ kind: "identity-reset", at, userId, detail: `${person(now)} has a new digital identity (master key ${now.masterKey}, was ${then.masterKey}).` });
    if (userId !== me && now.verdict === "verified" && then.verdict !== "verified")
      history.push({ kind: "user-verified", at, userId, detail: `${person(now)} is now verified.` });
    if (then.devicesKnown && now.devicesKnown) history.push(...deviceChanges(then, now, at));
  }
  return { history, identityChanges };
}

/** An identity change the user has to deal with: its record holds how they did. */
function needsRecord(m: MemberTrust): boolean {
  return (m.verdict === "identity-changed" || m.verdict === "verification-violation") && m.masterKey !== null;
}

function deviceChanges(then: MemberTrust, now: MemberTrust, at: number): TrustChangeInput[] {
  const out: TrustChangeInput[] = [];
  const userId = now.userId;
  const old = new Map(then.devices.map((d) => [d.deviceId, d]));
  const current = new Set(now.devices.map((d) => d.deviceId));
  for (const d of now.devices) {
    const o = old.get(d.deviceId);
    const base = { at, userId, deviceId: d.deviceId };
    if (!o || o.ed25519 !== d.ed25519) {
      const reused = o ? " (a session ID seen before, with new keys)" : "";
      out.push({ ...base, kind: "device-added", detail: `New session ${session(d)} of ${person(now)}${reused}.` });
      continue;
    }
    if (!o.facts.signedByOwner && d.facts.signedByOwner)
      out.push({ ...base, kind: "device-signed", detail: `${person(now)} signed their session ${session(d)}.` });
    if (!isVerifiedDevice(o) && isVerifiedDevice(d))
      out.push({ ...base, kind: "device-verified", detail: `Session ${session(d)} of ${person(now)} is now verified.` });
  }
  for (const o of then.devices)
    if (!current.has(o.deviceId))
      out.push({ at, userId, deviceId: o.deviceId, kind: "device-removed", detail: `Session ${session(o)} of ${person(now)} is gone.` });
  return out;
}

/** What a run of a forgetful session (the command line) reports as changed since its previous run. */
export interface SinceLastRun {
  /** When the previous run's report was made; null: this run is the baseline. */
  previousRunAt: number | null;
  /** Changes between the two reports, as the extension's history words them (none for a baseline). */
  changes: TrustChangeInput[];
  /** Findings seen for the first time in this run (ids; none for a baseline, where everything is first). */
  newFindings: string[];
}

export function sinceLastRun(previous: { report: AuditReport; at: number } | null, report: AuditReport, now: number): SinceLastRun {
  if (!previous) return { previousRunAt: null, changes: [], newFindings: [] };
  const newFindings = [...new Set(report.rooms.flatMap((r) => r.findings.filter((f) => f.firstSeen > previous.at).map((f) => f.id)))];
  return { previousRunAt: previous.at, changes: reportChanges(previous.report, report, now).history, newFindings };
}
