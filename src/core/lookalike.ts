/**
 * Look-alike names: a member whose shown name, once invisible characters, accents, case and
 * homoglyphs are set aside, reads the same as another member's name or user ID ("Ꭺlice" beside
 * "Alice", "alice\u200B" beside "alice", a display name "@alice:example.org" beside that user).
 * The reader cannot tell such members apart by name, so the audit flags them.
 */
import unhomoglyph from "unhomoglyph";

/** Characters that draw nothing or reorder text: zero-width, joiners, bidi controls, fillers, tags. */
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Mn}\p{Me}\p{Z}\s\u115F\u1160\u3164\uFFA0\u2800\u034F]/gu;

/** Names already reduced: rooms are re-audited often and names rarely change. */
const cache = new Map<string, readonly string[]>();
const CACHE_LIMIT = 50_000;

/**
 * What a name looks like to a reader: names sharing a skeleton cannot be told apart by eye. Two
 * readings, because case and homoglyphs interfere: "ALICE" folds to "alice", while a capital "I"
 * standing for an "l" ("AIice") only reads as "Alice" through the homoglyph table.
 */
export function nameSkeletons(name: string): readonly string[] {
  const known = cache.get(name);
  if (known) return known;
  const visible = name.normalize("NFKD").replace(INVISIBLE, "");
  const folded = unhomoglyph(visible.toLowerCase()).toLowerCase();
  const glyphs = unhomoglyph(unhomoglyph(visible).toLowerCase()).toLowerCase();
  const result = folded === "" ? [] : folded === glyphs ? [folded] : [folded, glyphs];
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, result);
  return result;
}

export interface NamedMember {
  userId: string;
  /** As the member set it; null when they set none (clients then show the user ID). */
  displayName: string | null;
}

/** When something arrived: the records' first sighting, then (to part equal sightings) the server's time for it. */
export interface Arrival {
  seen: number;
  set: number;
}

export interface LookalikeTimes {
  /** When each member's shown name arrived (a rename is a new arrival). */
  nameArrived(userId: string): Arrival;
  /** When each member, and so their user ID, arrived. */
  memberArrived(userId: string): Arrival;
  /** This account: never flagged (its name is the user's own). */
  self: string;
  /**
   * Only where the times cannot tell who came first (both first seen by the same audit, at the same
   * server time): these members — the people this account verified — are taken as the genuine one.
   */
  trustedOnTie: ReadonlySet<string>;
}

export interface Lookalike {
  userId: string;
  /** The member whose name or user ID this member's name reads as: the one there first (then the lowest user ID). */
  lookalikeOf: string;
}

const compareArrival = (a: Arrival, b: Arrival): number => a.seen - b.seen || a.set - b.set;

/**
 * Members whose shown name reads the same as another member's shown name or user ID (or its
 * localpart, for a member shown by user ID) that was there before it: the name that arrived later is
 * the look-alike, whoever its owner is — a verified member who renames themself to look like someone
 * is flagged, and the genuine member is never flagged as the look-alike of a newcomer. A member
 * matching only their own user ID is not flagged.
 */
export function findLookalikes(members: readonly NamedMember[], times: LookalikeTimes): Lookalike[] {
  interface Claim {
    userId: string;
    at: Arrival;
  }
  const claims = new Map<string, Claim[]>(); // skeleton → who it identifies, since when
  const claim = (text: string, userId: string, at: Arrival): void => {
    for (const skeleton of nameSkeletons(text)) {
      const list = claims.get(skeleton);
      if (list) list.push({ userId, at });
      else claims.set(skeleton, [{ userId, at }]);
    }
  };
  for (const m of members) {
    const memberAt = times.memberArrived(m.userId);
    claim(shownName(m), m.userId, times.nameArrived(m.userId));
    claim(m.userId, m.userId, memberAt);
    // Members without a display name are shown by their user ID, which readers shorten to its localpart.
    if (m.displayName === null) claim(localpart(m.userId), m.userId, memberAt);
  }
  const out: Lookalike[] = [];
  for (const m of members) {
    if (m.userId === times.self) continue;
    const mine = times.nameArrived(m.userId);
    let first: Claim | null = null;
    for (const skeleton of nameSkeletons(shownName(m)))
      for (const other of claims.get(skeleton) ?? []) {
        if (other.userId === m.userId) continue;
        const order = compareArrival(mine, other.at);
        const earlier = order > 0 || (order === 0 && !times.trustedOnTie.has(m.userId));
        if (!earlier) continue;
        if (!first || compareArrival(other.at, first.at) < 0 || (compareArrival(other.at, first.at) === 0 && other.userId < first.userId)) first = other;
      }
    if (first) out.push({ userId: m.userId, lookalikeOf: first.userId });
  }
  return out;
}

function shownName(m: NamedMember): string {
  return m.displayName ?? m.userId;
}

function localpart(userId: string): string {
  const colon = userId.indexOf(":");
  return userId.slice(userId.startsWith("@") ? 1 : 0, colon < 0 ? undefined : colon);
}
