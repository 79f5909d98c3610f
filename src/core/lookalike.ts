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

export interface Lookalike {
  userId: string;
  /** The member (lowest user ID, if several) whose name or user ID this member's name reads as. */
  lookalikeOf: string;
}

/**
 * Members whose shown name reads the same as another member's shown name or user ID (or its
 * localpart, for a member shown by user ID). Members in `trusted` (this account, people it verified) are never flagged: their
 * identity does not rest on their name. A member matching only their own user ID is not flagged.
 */
export function findLookalikes(members: readonly NamedMember[], trusted: ReadonlySet<string>): Lookalike[] {
  const claims = new Map<string, Set<string>>(); // skeleton → users it identifies
  const claim = (text: string, userId: string): void => {
    for (const skeleton of nameSkeletons(text)) {
      const users = claims.get(skeleton);
      if (users) users.add(userId);
      else claims.set(skeleton, new Set([userId]));
    }
  };
  for (const m of members) {
    claim(shownName(m), m.userId);
    claim(m.userId, m.userId);
    // Members without a display name are shown by their user ID, which readers shorten to its localpart.
    if (m.displayName === null) claim(localpart(m.userId), m.userId);
  }
  const out: Lookalike[] = [];
  for (const m of members) {
    if (trusted.has(m.userId)) continue;
    const others = new Set<string>();
    for (const skeleton of nameSkeletons(shownName(m))) for (const u of claims.get(skeleton) ?? []) if (u !== m.userId) others.add(u);
    if (others.size > 0) out.push({ userId: m.userId, lookalikeOf: [...others].sort()[0]! });
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
