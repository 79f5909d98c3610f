/** Tiny shape checks for untrusted messages. Each returns true only for exactly the expected shape. */
export type Guard<T> = (value: unknown) => value is T;

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export const isString = (max = 4096): Guard<string> => (v): v is string =>
  typeof v === "string" && v.length <= max;

export const isOptional = <T>(g: Guard<T>): Guard<T | undefined> => (v): v is T | undefined =>
  v === undefined || g(v);

export const isArrayOf = <T>(g: Guard<T>, max: number): Guard<T[]> => (v): v is T[] =>
  Array.isArray(v) && v.length <= max && v.every(g);

/** An object with exactly these keys (extra keys are refused, optional ones may be absent). */
export const isObject = <T>(shape: { [K in keyof T]: Guard<T[K]> }): Guard<T> => (v): v is T => {
  if (!isRecord(v)) return false;
  for (const key of Object.keys(v)) if (!(key in shape)) return false;
  for (const key in shape) if (!shape[key](v[key])) return false;
  return true;
};

export const isEmpty: Guard<Record<string, never>> = isObject<Record<string, never>>({});

/** A Matrix user ID: @localpart:server, at most 255 characters (spec grammar, permissive on historic localparts). */
export const isUserId: Guard<string> = (v): v is string =>
  typeof v === "string" && v.length <= 255 && /^@[\x21-\x39\x3b-\x7e]+:[A-Za-z0-9.\-:[\]]+$/.test(v);

/** A room ID (!opaque:server) or alias (#name:server). */
export const isRoomRef: Guard<string> = (v): v is string =>
  typeof v === "string" && v.length <= 255 && /^[!#][^\s:]+:[A-Za-z0-9.\-:[\]]+$/.test(v);
