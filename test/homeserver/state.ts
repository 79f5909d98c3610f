import type { HostileHooks } from "./hostile/hooks.ts";

// The homeserver's whole in-memory state. Every change takes the next stream position, which is
// what /sync `since` tokens count; waiters are woken so long-polling /sync returns promptly.

export type JsonObject = Record<string, unknown>;

export interface StoredDevice {
  deviceId: string;
  displayName?: string;
  accessTokens: Set<string>;
  /** The device keys as uploaded (or as a scenario wrote them), with signatures others added. */
  deviceKeys?: JsonObject;
  oneTimeKeys: Map<string, unknown>;
  fallbackKeys: Map<string, { key: unknown; used: boolean }>;
  toDevice: { pos: number; event: JsonObject }[];
  lastSeenTs?: number;
  /** Lazy-loading: the membership event IDs this device was sent, per room and user. */
  lazyMembersSent?: Map<string, Map<string, string>>;
}

export type CrossSigningUsage = "master" | "self_signing" | "user_signing";

export interface StoredUser {
  userId: string;
  password: string;
  displayName?: string;
  avatarUrl?: string;
  devices: Map<string, StoredDevice>;
  /** Public cross-signing keys as uploaded, each with every signature made on it. */
  crossSigning: Partial<Record<CrossSigningUsage, JsonObject>>;
  accountData: Map<string, { pos: number; content: JsonObject }>;
  roomAccountData: Map<string, Map<string, { pos: number; content: JsonObject }>>;
  filters: Map<string, JsonObject>;
}

export interface StoredEvent {
  pos: number;
  event: JsonObject & { event_id: string; type: string; sender: string; content: JsonObject; state_key?: string };
  /** The device that sent it and its transaction ID, echoed only to that device. */
  txn?: { deviceId: string; txnId: string };
}

export interface StoredRoom {
  roomId: string;
  events: StoredEvent[];
  /** Current state, keyed by `${type}\u0000${state_key}`. */
  state: Map<string, StoredEvent>;
}

/** A user's keys changed; `audience` limits who is told (a signature only its signer sees). */
export interface KeyChange {
  pos: number;
  userId: string;
  audience?: string;
}

export interface ServerState {
  serverName: string;
  pos: number;
  users: Map<string, StoredUser>;
  rooms: Map<string, StoredRoom>;
  aliases: Map<string, string>;
  tokens: Map<string, { userId: string; deviceId: string }>;
  keyChanges: KeyChange[];
  /** Users who stopped sharing any room with `viewer`. */
  leftChanges: { pos: number; viewer: string; userId: string }[];
  uiaSessions: Map<string, { userId: string; completed: string[] }>;
  transactions: Map<string, JsonObject>;
  counter: number;
  waiters: Set<() => void>;
  /** True while a scenario is being loaded: no client exists yet, so no change feeds are kept. */
  seeding: boolean;
  /** The hostile/failing mode (hostile/index.ts), when a test switched it on. */
  hostile?: HostileHooks;
}

export function createState(serverName: string): ServerState {
  return {
    serverName,
    pos: 1,
    users: new Map(),
    rooms: new Map(),
    aliases: new Map(),
    tokens: new Map(),
    keyChanges: [],
    leftChanges: [],
    uiaSessions: new Map(),
    transactions: new Map(),
    counter: 0,
    waiters: new Set(),
    seeding: false,
  };
}

/** Takes the next stream position. Call `wake` once the change is fully recorded. */
export function nextPos(state: ServerState): number {
  state.pos += 1;
  return state.pos;
}

export function wake(state: ServerState): void {
  const waiters = [...state.waiters];
  state.waiters.clear();
  for (const waiter of waiters) waiter();
}

/** Short unique identifiers (deterministic within one server run). */
export function nextId(state: ServerState, prefix: string): string {
  state.counter += 1;
  return `${prefix}${state.counter.toString(36).padStart(6, "0")}`;
}

export function newDevice(deviceId: string, displayName?: string): StoredDevice {
  const device: StoredDevice = { deviceId, accessTokens: new Set(), oneTimeKeys: new Map(), fallbackKeys: new Map(), toDevice: [] };
  if (displayName !== undefined) device.displayName = displayName;
  return device;
}

export function newUser(userId: string, password: string, displayName?: string): StoredUser {
  const user: StoredUser = {
    userId,
    password,
    devices: new Map(),
    crossSigning: {},
    accountData: new Map(),
    roomAccountData: new Map(),
    filters: new Map(),
  };
  if (displayName !== undefined) user.displayName = displayName;
  return user;
}

export function recordKeyChange(state: ServerState, userId: string, audience?: string): void {
  if (state.seeding) return;
  const change: KeyChange = { pos: nextPos(state), userId };
  if (audience !== undefined) change.audience = audience;
  state.keyChanges.push(change);
}
