/**
 * The overview of a report: what the popup's first screen shows (the account, the inbox of open
 * problems, one line per room), without every member's devices. For 500 rooms the full report is
 * about 1.6 MB of JSON, three quarters of it members; the overview is a tenth of that. A room's full
 * audit is asked for when the room is opened (`roomDetailOf`).
 */
import { problemIdOf, problemsOf, type Problem } from "./problems.ts";
import { SEVERITY_RANK, type AuditReport, type Finding, type RoomAudit, type RoomShield, type Severity } from "./verdicts.ts";

/** A room as an entry names it. */
export interface RoomRef {
  roomId: string;
  /** Chosen by the room's members: render as text only. */
  name: string;
}

/**
 * One problem as a card shows it (inbox or a room's list): the problem, the finding its actions are
 * about, the names to show and the rooms it touches.
 */
export interface ProblemEntry {
  problem: Problem;
  /** Of the shown findings, the open ones first, then the most severe, then the first seen. */
  finding: Finding;
  /** The person's name in the room of `finding` (chosen by them: text only), or null. */
  who: string | null;
  /** The device's name (chosen by its owner: text only), or null. */
  deviceName: string | null;
  /** For a look-alike name: the name of the member it reads as, or null. */
  lookalikeName: string | null;
  /** In a room's list: this room's findings of the problem. Absent in the inbox, which shows all of them. */
  roomFindingIds?: string[];
  /** Every shown finding is acknowledged. */
  acknowledged: boolean;
  /** The rooms the shown findings are in, in the report's room order. */
  rooms: RoomRef[];
}

/** A room's line in the rooms list: its shield and the counts behind it. */
export interface RoomLine extends RoomRef {
  encrypted: boolean;
  isDirect: boolean;
  shield: RoomShield;
  /** As `RoomAudit.outOfDate`. */
  outOfDate?: { since: number };
  members: number;
  /** Members other than me whose identity is verified. */
  verifiedMembers: number;
  devices: number;
  /**
   * The problems not yet acknowledged here (some of this room's findings of them are open): the index
   * of each in the overview's `inbox`, and the highest severity of its open findings in this room.
   */
  open: { entry: number; severity: Severity }[];
}

export interface AuditOverview {
  version: AuditReport["version"];
  generatedAt: number;
  account: AuditReport["account"];
  summary: AuditReport["summary"];
  /** Every problem not yet acknowledged, most severe first, then newest (the inbox's order). */
  inbox: ProblemEntry[];
  /** In the report's order (riskiest first). */
  rooms: RoomLine[];
}

/** A room's full audit and the problems touching it (whole: acknowledging one acknowledges it in every room). */
export interface RoomDetail {
  room: RoomAudit;
  problems: Problem[];
}

/** Makes the overview of a report. Pure; linear in the report's size. */
export function overviewOf(report: AuditReport): AuditOverview {
  const placed = placeFindings(report.rooms);
  const inbox: ProblemEntry[] = [];
  const entryOf = new Map<string, number>();
  for (const problem of problemsOf(report.rooms)) {
    if (problem.acknowledged) continue;
    const entry = entryFor(problem, problem.findingIds.flatMap((id) => placed.get(id) ?? []));
    if (!entry) continue;
    entryOf.set(problem.id, inbox.length);
    inbox.push(entry);
  }
  return {
    version: report.version,
    generatedAt: report.generatedAt,
    account: report.account,
    summary: report.summary,
    inbox,
    rooms: report.rooms.map((room) => roomLine(room, entryOf)),
  };
}

/** The entries of the problems touching one room, open ones here first; each shows this room's findings. */
export function roomEntries(detail: RoomDetail): ProblemEntry[] {
  const entries: ProblemEntry[] = [];
  for (const problem of detail.problems) {
    const ids = new Set(problem.findingIds);
    const here = detail.room.findings.filter((f) => ids.has(f.id));
    const entry = entryFor(problem, here.map((finding) => ({ finding, room: detail.room })));
    if (entry) entries.push({ ...entry, roomFindingIds: here.map((f) => f.id) });
  }
  return [...entries.filter((e) => !e.acknowledged), ...entries.filter((e) => e.acknowledged)];
}

/** One room's full audit and the report's problems touching it, or null if the report has no such room. */
export function roomDetailOf(report: AuditReport, roomId: string): RoomDetail | null {
  const room = report.rooms.find((r) => r.roomId === roomId);
  if (!room) return null;
  return { room, problems: problemsOf(report.rooms).filter((p) => p.roomIds.includes(roomId)) };
}

/**
 * The overview with these findings acknowledged, as the background will push it shortly: a problem
 * all of whose findings are among them leaves the inbox and the rooms' counts.
 */
export function overviewWithAcknowledged(overview: AuditOverview, ids: ReadonlySet<string>): AuditOverview {
  const done = overview.inbox.map((e) => e.problem.findingIds.every((id) => ids.has(id)));
  if (!done.some(Boolean)) return overview;
  const inbox = overview.inbox.map((e, i) => (done[i] ? { ...e, acknowledged: true, problem: { ...e.problem, acknowledged: true } } : e));
  const rooms = overview.rooms.map((r) => (r.open.some((o) => done[o.entry]) ? { ...r, open: r.open.filter((o) => !done[o.entry]) } : r));
  const closed = done.filter(Boolean).length;
  const problems = { ...overview.summary.problems, unacknowledged: Math.max(0, overview.summary.problems.unacknowledged - closed) };
  return { ...overview, inbox, rooms, summary: { ...overview.summary, problems } };
}

/** The inbox's open entries (a local acknowledgement marks entries before the next overview drops them). */
export function openEntries(overview: AuditOverview): ProblemEntry[] {
  return overview.inbox.filter((e) => !e.acknowledged);
}

interface Placed {
  finding: Finding;
  room: RoomAudit;
}

function placeFindings(rooms: readonly RoomAudit[]): Map<string, Placed> {
  const placed = new Map<string, Placed>();
  for (const room of rooms) for (const finding of room.findings) placed.set(finding.id, { finding, room });
  return placed;
}

function leadIndex(findings: readonly Finding[]): number {
  const rank = (x: Finding) => (x.acknowledged ? 0 : 10) + SEVERITY_RANK[x.severity];
  let lead = 0;
  findings.forEach((f, i) => {
    const best = findings[lead]!;
    if (rank(f) > rank(best) || (rank(f) === rank(best) && f.firstSeen < best.firstSeen)) lead = i;
  });
  return lead;
}

/** The entry for a problem shown with these of its findings (in room order), or null if there are none. */
function entryFor(problem: Problem, shown: readonly Placed[]): ProblemEntry | null {
  if (shown.length === 0) return null;
  const { finding, room } = shown[leadIndex(shown.map((s) => s.finding))]!;
  const member = room.members.find((m) => m.userId === problem.userId);
  const device = problem.deviceId === undefined ? undefined : member?.devices.find((d) => d.deviceId === problem.deviceId);
  const lookalike = finding.lookalikeOf === undefined ? undefined : room.members.find((m) => m.userId === finding.lookalikeOf);
  const rooms = [...new Set(shown.map((s) => s.room))].map((r) => ({ roomId: r.roomId, name: r.name }));
  return {
    problem,
    finding,
    who: member?.displayName ?? null,
    deviceName: device?.displayName ?? null,
    lookalikeName: lookalike?.displayName ?? null,
    acknowledged: shown.every((s) => s.finding.acknowledged),
    rooms,
  };
}

function roomLine(room: RoomAudit, entryOf: ReadonlyMap<string, number>): RoomLine {
  let verifiedMembers = 0;
  let devices = 0;
  for (const member of room.members) {
    if (member.verdict === "verified") verifiedMembers++;
    devices += member.devices.length;
  }
  const worst = new Map<number, Severity>();
  for (const finding of room.findings) {
    if (finding.acknowledged) continue;
    const entry = entryOf.get(problemIdOf(finding));
    if (entry === undefined) continue;
    const before = worst.get(entry);
    if (!before || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[before]) worst.set(entry, finding.severity);
  }
  const line: RoomLine = {
    roomId: room.roomId,
    name: room.name,
    encrypted: room.encrypted,
    isDirect: room.isDirect,
    shield: room.shield,
    members: room.members.length,
    verifiedMembers,
    devices,
    open: [...worst].map(([entry, severity]) => ({ entry, severity })),
  };
  if (room.outOfDate) line.outOfDate = room.outOfDate;
  return line;
}
