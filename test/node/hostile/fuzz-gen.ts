// Random and malformed messages for the fuzz tests: a seeded generator (failures reproduce from the
// printed seed), values a page could send through runtime.sendMessage (structured-cloneable), and
// mutations of well-formed messages (a field dropped, retyped, added, the type swapped).
export type Rng = () => number;

export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

const NASTY_STRINGS = [
  "", " ", "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf",
  "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "\u202Egnp.exe", "\u200B", "\uFEFF", "\uD800",
  "!room:localhost", "!other:localhost", "#room:localhost", "#other:localhost", "@alice:localhost", "@me:localhost",
  "@x", "!", "#", "@:", "https://app.element.io/", "javascript:alert(1)", "http://127.0.0.1:1/", "file:///etc/passwd",
  "a".repeat(70), "b".repeat(5000), "%00", "\u0000", "NaN", "-1", "1e309", "[object Object]", "ping", "content.badges",
];
const NASTY_NUMBERS = [0, -0, -1, 1, 0.5, 2 ** 31, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity];
const KEYS = ["type", "payload", "room", "roomId", "userId", "userIds", "devicesOf", "findingIds", "homeserver", "user", "password",
  "accessToken", "limit", "before", "deviceId", "__proto__", "constructor", "extra", "recoveryKey", "isolationPolicy", "elementOrigins"];

export function randomValue(rng: Rng, depth = 0): unknown {
  const r = rng();
  if (depth > 3 || r < 0.35) {
    const s = rng();
    if (s < 0.45) return pick(rng, NASTY_STRINGS);
    if (s < 0.6) return pick(rng, NASTY_NUMBERS);
    if (s < 0.7) return rng() < 0.5;
    if (s < 0.8) return null;
    if (s < 0.9) return undefined;
    return Math.random().toString(36).slice(2, 2 + Math.floor(rng() * 12));
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rng() * 5) }, () => randomValue(rng, depth + 1));
  if (r < 0.65) return Array.from({ length: 2001 }, () => "@a:b"); // just over list limits
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(rng() * 5); i > 0; i--) {
    const key = pick(rng, KEYS);
    // An own "__proto__" key, as JSON.parse makes it (a literal would set the prototype instead).
    if (key === "__proto__") Object.defineProperty(object, key, { value: randomValue(rng, depth + 1), enumerable: true, configurable: true, writable: true });
    else object[key] = randomValue(rng, depth + 1);
  }
  return object;
}

/** A message: fully random, or a well-formed one of `valid` mutated. */
export function randomMessage(rng: Rng, types: readonly string[], valid: readonly { type: string; payload: Record<string, unknown> }[]): unknown {
  const r = rng();
  if (r < 0.2) return randomValue(rng);
  if (r < 0.45) return { type: rng() < 0.8 ? pick(rng, types) : pick(rng, NASTY_STRINGS), payload: randomValue(rng) };
  const base = structuredClone(pick(rng, valid));
  const payload = base.payload;
  const keys = Object.keys(payload);
  const m = rng();
  if (m < 0.15 && keys.length > 0) delete payload[pick(rng, keys)];
  else if (m < 0.45 && keys.length > 0) payload[pick(rng, keys)] = randomValue(rng);
  else if (m < 0.6) payload[pick(rng, KEYS)] = randomValue(rng);
  else if (m < 0.75) base.type = pick(rng, types);
  else if (m < 0.8) return { ...base, extra: randomValue(rng) };
  // else: left well-formed
  return base;
}

/** What runtime.sendMessage delivers: a structured clone (functions and the like cannot be sent). */
export function asDelivered(message: unknown): unknown {
  try {
    return structuredClone(message);
  } catch {
    return undefined;
  }
}
