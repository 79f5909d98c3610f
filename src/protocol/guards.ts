/** Tiny shape checks for untrusted messages. Each returns true only for exactly the expected shape. */
export type Guard<T> = (value: unknown) => value is T;

/** Whether `v` is a plain object (not null, not an array). */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A guard for a string of at most `max` characters. */
export const isString = (max = 4096): Guard<string> => (v): v is string =>
  typeof v === "string" && v.length <= max;

export const isOptional = <T>(g: Guard<T>): Guard<T | undefined> => (v): v is T | undefined =>
  v === undefined || g(v);

export const isArrayOf = <T>(g: Guard<T>, max: number): Guard<T[]> => (v): v is T[] =>
  Array.isArray(v) && v.length <= max && v.every(g);

/** Keys never accepted in a message, whatever the shape says: they reach into prototypes. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

const own = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/**
 * An object with exactly these keys (extra keys are refused, optional ones may be absent). Only own
 * properties count, on both sides: `constructor`, `toString` or `__proto__` in a message are extra keys
 * (the shape's prototype does not make them known), and a value is never read from a prototype.
 */
export const isObject = <T>(shape: { [K in keyof T]: Guard<T[K]> }): Guard<T> => (v): v is T => {
  if (!isRecord(v)) return false;
  // A message arrives as plain data: an object with another prototype is not one.
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Reflect.ownKeys(v)) {
    if (typeof key !== "string" || FORBIDDEN_KEYS.has(key) || !own(shape, key)) return false;
  }
  for (const key of Object.keys(shape) as (keyof T & string)[]) {
    if (!shape[key](own(v, key) ? v[key] : undefined)) return false;
  }
  return true;
};

export const isEmpty: Guard<Record<string, never>> = /* @__PURE__ */ isObject<Record<string, never>>({});

/** A Matrix user ID: @localpart:server, at most 255 characters (spec grammar, permissive on historic localparts). */
export const isUserId: Guard<string> = (v): v is string =>
  typeof v === "string" && v.length <= 255 && /^@[\x21-\x39\x3b-\x7e]+:[A-Za-z0-9.\-:[\]]+$/.test(v);

/** A room ID (!opaque:server) or alias (#name:server). */
export const isRoomRef: Guard<string> = (v): v is string =>
  typeof v === "string" && v.length <= 255 && /^[!#][^\s:]+:[A-Za-z0-9.\-:[\]]+$/.test(v);

/** A device ID as servers issue them: printable, no whitespace, at most 255 characters. */
export const isDeviceId: Guard<string> = (v): v is string =>
  typeof v === "string" && v.length > 0 && v.length <= 255 && /^[\x21-\x7e]+$/.test(v);

/**
 * An ed25519 public key as Matrix writes it (unpadded base64 of 32 bytes): a device's fingerprint or
 * a master key. Trust-changing requests carry the one the user was shown.
 */
export const isEd25519Key: Guard<string> = (v): v is string => typeof v === "string" && /^[A-Za-z0-9+/]{43}$/.test(v);

/** A finding's stable ID (made by the audit from room, user, device and key): printable, bounded. */
export const isFindingId: Guard<string> = (v): v is string =>
  typeof v === "string" && v.length > 0 && v.length <= 2048 && !/[\x00-\x1f\x7f]/.test(v);

export const isOneOf = <T extends string>(values: readonly T[]): Guard<T> => (v): v is T =>
  typeof v === "string" && (values as readonly string[]).includes(v);

/** A guard for an integer from `min` to `max` (inclusive). */
export const isIntegerIn = (min: number, max: number): Guard<number> => (v): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

/** A web origin with nothing after it: https://host[:port] (http only for localhost, for tests). */
export const isOrigin: Guard<string> = (v): v is string => {
  if (typeof v !== "string" || v.length > 512) return false;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return false;
  }
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
  return (url.protocol === "https:" || (url.protocol === "http:" && local)) && url.origin === v;
};
