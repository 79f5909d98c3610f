// A heavy real account, generated: one very large unencrypted room (Matrix HQ), unencrypted rooms
// of hundreds to thousands, hundreds of small encrypted rooms and DMs, tens of medium encrypted
// rooms and one large encrypted room. People are drawn from one pool, so the same person sits in
// several rooms as in real life. Deterministic (a seeded generator): the same options give the same
// scenario. `heavyAccountScenario()` is the bench's size; tests pass smaller numbers.
import type { Scenario, ScenarioDevice, ScenarioRoom, ScenarioUser } from "../homeserver/index.ts";

export interface HeavyAccountOptions {
  /** The one very large unencrypted room (default 50,000 members). */
  hugeUnencrypted: number;
  /** Unencrypted rooms and their size range (default 20 of 500–5,000). */
  unencrypted: { count: number; min: number; max: number };
  /** Small encrypted rooms and DMs (default 250 of 2–20 members; a third are DMs). */
  small: { count: number; min: number; max: number };
  /** Medium encrypted rooms (default 20 of 50–500). */
  medium: { count: number; min: number; max: number };
  /** The one large encrypted room (default 5,000 members). */
  largeEncrypted: number;
  /** Step "encrypt-lobby": the largest unencrypted room of the list turns encryption on. */
}

export const HEAVY_ACCOUNT: HeavyAccountOptions = {
  hugeUnencrypted: 50_000,
  unencrypted: { count: 20, min: 500, max: 5_000 },
  small: { count: 250, min: 2, max: 20 },
  medium: { count: 20, min: 50, max: 500 },
  largeEncrypted: 5_000,
};

export const HEAVY_ME = { userId: "@heavy:localhost", password: "heavy-password" };
/** The unencrypted room that step "encrypt-lobby" turns encrypted. */
export const LOBBY_ROOM = "!lobby:localhost";

export function personId(i: number): string {
  return `@p${i}:localhost`;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function heavyAccountScenario(options: HeavyAccountOptions = HEAVY_ACCOUNT, seed = 15): Scenario {
  const next = random(seed);
  const between = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  // The pool: as many people as the huge room holds (everyone else is drawn from them too).
  const poolSize = Math.max(options.hugeUnencrypted, options.largeEncrypted, options.unencrypted.max, options.medium.max, options.small.max) + 1;
  const pick = (count: number, from = poolSize): number[] => {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, from)) chosen.add(Math.floor(next() * from));
    return [...chosen];
  };
  const encryptedPeople = new Set<number>();
  const rooms: ScenarioRoom[] = [];
  const room = (id: string, name: string, encrypted: boolean, people: number[], direct = false): void => {
    if (encrypted) for (const p of people) encryptedPeople.add(p);
    rooms.push({ id, name, encrypted, creator: HEAVY_ME.userId, members: people.map(personId), ...(direct ? { direct: true } : {}) });
  };
  room("!hq:localhost", "HQ", false, pick(options.hugeUnencrypted));
  for (let i = 0; i < options.unencrypted.count; i++)
    room(i === 0 ? LOBBY_ROOM : `!public${i}:localhost`, `Public ${i}`, false, pick(between(options.unencrypted.min, options.unencrypted.max)));
  // Encrypted rooms draw from a smaller circle, so the same people recur across them.
  const circle = Math.max(options.largeEncrypted, options.medium.max * 4, options.small.max * 10);
  room("!large:localhost", "Large encrypted", true, pick(options.largeEncrypted, circle));
  for (let i = 0; i < options.medium.count; i++) room(`!team${i}:localhost`, `Team ${i}`, true, pick(between(options.medium.min, options.medium.max), circle));
  for (let i = 0; i < options.small.count; i++) {
    const dm = i % 3 === 0;
    // A DM holds the account and one person; a small room 2–20 members in all.
    room(`!small${i}:localhost`, dm ? `DM ${i}` : `Small ${i}`, true, pick(dm ? 1 : between(options.small.min, options.small.max) - 1, circle), dm);
  }
  const lobby = rooms.find((r) => r.id === LOBBY_ROOM);
  if (lobby) for (const m of lobby.members ?? []) encryptedPeople.add(Number(m.slice(2, m.indexOf(":"))));

  const users: ScenarioUser[] = [{ id: HEAVY_ME.userId, password: HEAVY_ME.password, displayName: "Heavy", secretStorage: true, devices: [] }];
  const device = (id: string, signedByOwner = true): ScenarioDevice => ({ id, signedByOwner, oneTimeKeys: 0, fallbackKey: true });
  for (let i = 0; i < poolSize; i++) {
    const id = personId(i);
    if (!encryptedPeople.has(i)) {
      // Only in unencrypted rooms: keys would never be read, and they cost time to make.
      users.push({ id, password: "pw", displayName: `Person ${i}`, crossSigning: false, devices: [] });
      continue;
    }
    // Every 10th without cross-signing; every 7th with a second device they never signed.
    const crossSigning = i % 10 !== 9;
    const devices = [device(`P${i}A`)];
    if (i % 7 === 3) devices.push(device(`P${i}B`, !crossSigning));
    users.push({ id, password: "pw", displayName: `Person ${i}`, crossSigning, devices });
  }
  return {
    name: "heavy-account",
    description: `A heavy account: ${rooms.length} rooms, ${poolSize} people, ${encryptedPeople.size} of them in encrypted rooms.`,
    users,
    rooms,
  };
}
