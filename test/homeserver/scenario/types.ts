// The scenario format (documented in test/scenarios/README.md).

export interface ScenarioDevice {
  id: string;
  displayName?: string;
  /** false: a device that never published encryption keys. Default true. */
  keys?: boolean;
  /** false: the owner's self-signing key has not signed this device. Default true when the user has cross-signing. */
  signedByOwner?: boolean;
  /** One-time keys published for others to claim (default 5). */
  oneTimeKeys?: number;
  /** Publish a fallback key (default true). */
  fallbackKey?: boolean;
}

/** Published keys served exactly as written (e.g. made by another project). */
export interface RawKeys {
  devices?: Record<string, Record<string, unknown>>;
  master_key?: Record<string, unknown>;
  self_signing_key?: Record<string, unknown>;
  user_signing_key?: Record<string, unknown>;
}

export interface ScenarioUser {
  id: string;
  password: string;
  displayName?: string;
  /** Label all of this user's keys derive from (default: the user ID). */
  seed?: string;
  /** Generate a cross-signing identity (default true; ignored for parts given in rawKeys). */
  crossSigning?: boolean;
  /** Store the private cross-signing keys in secret storage under a recovery key. */
  secretStorage?: boolean;
  devices?: ScenarioDevice[];
  /** Users whose master key this user's user-signing key has signed. */
  verified?: string[];
  rawKeys?: RawKeys;
}

export interface ScenarioMessage {
  sender: string;
  body: string;
}

export interface ScenarioRoom {
  /** Room ID to use (default: generated). */
  id?: string;
  /** Full alias, e.g. #lobby:localhost. */
  alias?: string;
  name?: string;
  topic?: string;
  encrypted?: boolean;
  creator: string;
  /** Joined members besides the creator. */
  members?: string[];
  /** Invited but not joined. */
  invited?: string[];
  /** A direct chat: marked is_direct and recorded in each member's m.direct account data. */
  direct?: boolean;
  /** Plain-text messages (unencrypted rooms only: seeded people cannot encrypt). */
  messages?: ScenarioMessage[];
}

export type ScenarioAction =
  | { action: "addDevice"; user: string; device: ScenarioDevice }
  | { action: "removeDevice"; user: string; deviceId: string }
  | { action: "resetIdentity"; user: string; resignDevices?: boolean }
  | { action: "verify"; user: string; target: string }
  | { action: "serveRawKeys"; user: string; rawKeys: RawKeys }
  | { action: "joinRoom"; user: string; room: string }
  | { action: "leaveRoom"; user: string; room: string };

export interface Scenario {
  name: string;
  description?: string;
  serverName?: string;
  users: ScenarioUser[];
  rooms?: ScenarioRoom[];
  steps?: Record<string, ScenarioAction[]>;
}
