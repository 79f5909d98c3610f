/**
 * Problems: what the user deals with. A finding is one fact in one room; a problem is its subject —
 * one device key, one person's identity change (their master key), one person without a digital
 * identity, one look-alike name — with every finding about it in every room it touches. Every count
 * and list a user sees is of problems (docs/report.md, "Problems").
 */
import { FINDING_SEVERITY, SEVERITY_RANK, type Finding, type FindingKind, type RoomAudit, type Severity } from "./verdicts.ts";

/** What a problem is about. */
export type ProblemSubject =
  /** A device key (own or another person's): its unsigned, unverified and new-device findings. */
  | "device"
  /** A person's changed identity (their new master key): verification violation or identity change. */
  | "identity"
  /** A person with no digital identity at all. */
  | "no-identity"
  /** A person whose name reads as another member's. */
  | "lookalike-name";

export interface Problem {
  /** Stable across audits: JSON of `[subject, userId, deviceId or null, key or null]`. */
  id: string;
  subject: ProblemSubject;
  /** The highest severity of its findings. */
  severity: Severity;
  /** Its findings' kinds, each once, most severe first. */
  kinds: FindingKind[];
  userId: string;
  deviceId?: string;
  ed25519?: string;
  masterKey?: string;
  lookalikeOf?: string;
  /** The rooms it touches, in the report's room order. */
  roomIds: string[];
  /** Its findings (one or more per room), in the report's room order: acknowledging the problem acknowledges these. */
  findingIds: string[];
  /** The earliest first sighting of its findings. */
  firstSeen: number;
  /** Every one of its findings is acknowledged. */
  acknowledged: boolean;
}

/** Numbers of problems per severity, and of those not acknowledged (the toolbar icon's number). */
export interface ProblemCounts extends Record<Severity, number> {
  unacknowledged: number;
}

const SUBJECT: Record<FindingKind, ProblemSubject> = {
  "verification-violation": "identity",
  "identity-changed": "identity",
  "unsigned-device-of-verified-user": "device",
  "unsigned-device": "device",
  "own-unverified-device": "device",
  "new-unverified-device": "device",
  "user-without-cross-signing": "no-identity",
  "lookalike-name": "lookalike-name",
};

/** The id of the problem a finding belongs to. */
export function problemIdOf(finding: Finding): string {
  const subject = SUBJECT[finding.kind];
  const key =
    subject === "device" ? (finding.ed25519 ?? null) : subject === "identity" ? (finding.masterKey ?? null) : subject === "lookalike-name" ? (finding.lookalikeOf ?? null) : null;
  return JSON.stringify([subject, finding.userId, subject === "device" ? (finding.deviceId ?? null) : null, key]);
}

/** Most severe first, then newest first, then by id: the inbox's order. */
export function compareProblems(a: Problem, b: Problem): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.firstSeen - a.firstSeen || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Groups the rooms' findings into problems, most severe first (see `compareProblems`). */
export function problemsOf(rooms: readonly RoomAudit[]): Problem[] {
  const byId = new Map<string, Problem>();
  for (const room of rooms)
    for (const finding of room.findings) {
      const id = problemIdOf(finding);
      let problem = byId.get(id);
      if (!problem) {
        problem = newProblem(id, finding);
        byId.set(id, problem);
      }
      add(problem, finding);
    }
  for (const problem of byId.values()) problem.kinds.sort((a, b) => SEVERITY_RANK[FINDING_SEVERITY[b]] - SEVERITY_RANK[FINDING_SEVERITY[a]]);
  return [...byId.values()].sort(compareProblems);
}

/** How many problems there are per severity, and how many are not acknowledged. */
export function countProblems(problems: readonly Problem[]): ProblemCounts {
  const counts: ProblemCounts = { critical: 0, warning: 0, notice: 0, unacknowledged: 0 };
  for (const problem of problems) {
    counts[problem.severity]++;
    if (!problem.acknowledged) counts.unacknowledged++;
  }
  return counts;
}

function newProblem(id: string, finding: Finding): Problem {
  const problem: Problem = {
    id,
    subject: SUBJECT[finding.kind],
    severity: finding.severity,
    kinds: [],
    userId: finding.userId,
    roomIds: [],
    findingIds: [],
    firstSeen: finding.firstSeen,
    acknowledged: true,
  };
  if (problem.subject === "device") {
    if (finding.deviceId !== undefined) problem.deviceId = finding.deviceId;
    if (finding.ed25519 !== undefined) problem.ed25519 = finding.ed25519;
  }
  if (problem.subject === "identity" && finding.masterKey !== undefined) problem.masterKey = finding.masterKey;
  if (finding.lookalikeOf !== undefined) problem.lookalikeOf = finding.lookalikeOf;
  return problem;
}

function add(problem: Problem, finding: Finding): void {
  if (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[problem.severity]) problem.severity = finding.severity;
  if (!problem.kinds.includes(finding.kind)) problem.kinds.push(finding.kind);
  if (!problem.roomIds.includes(finding.roomId)) problem.roomIds.push(finding.roomId);
  problem.findingIds.push(finding.id);
  problem.firstSeen = Math.min(problem.firstSeen, finding.firstSeen);
  problem.acknowledged &&= finding.acknowledged;
}
