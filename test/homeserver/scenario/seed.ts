// Loads a validated scenario into server state, and applies its named steps later on.
import { appendEvent, createRoom, getRoom, setMembership } from "../rooms.ts";
import { newDevice, newUser, nextPos, recordKeyChange, type JsonObject, type ServerState, type StoredUser } from "../state.ts";
import { addSeededDevice, publishCrossSigning, resetIdentity, signOtherMasterKey, writeSecretStorage, type UserMaterial } from "./identities.ts";
import type { RawKeys, Scenario, ScenarioAction } from "./types.ts";

export interface Account {
  userId: string;
  password: string;
  recoveryKey?: string;
}

export interface ScenarioRuntime {
  state: ServerState;
  scenario: Scenario;
  material: Map<string, UserMaterial>;
  /** Room IDs by the id or alias the scenario used for them. */
  roomRefs: Map<string, string>;
}

function userOf(runtime: ScenarioRuntime, userId: string): { user: StoredUser; material: UserMaterial } {
  const user = runtime.state.users.get(userId);
  const material = runtime.material.get(userId);
  if (!user || !material) throw new Error(`scenario names unknown user ${userId}`);
  return { user, material };
}

/** Serves keys exactly as written: no signature is checked or added. */
function serveRawKeys(user: StoredUser, material: UserMaterial, raw: RawKeys): void {
  for (const [deviceId, keys] of Object.entries(raw.devices ?? {})) {
    const device = user.devices.get(deviceId) ?? newDevice(deviceId);
    device.deviceKeys = structuredClone(keys);
    user.devices.set(deviceId, device);
  }
  const parts = [
    ["master", raw.master_key],
    ["self_signing", raw.self_signing_key],
    ["user_signing", raw.user_signing_key],
  ] as const;
  for (const [usage, key] of parts) if (key) user.crossSigning[usage] = structuredClone(key);
  if (raw.master_key) delete material.crossSigning; // its private keys are unknown here
}

function markDirect(state: ServerState, userId: string, otherIds: string[], roomId: string): void {
  const user = state.users.get(userId)!;
  const current = (user.accountData.get("m.direct")?.content ?? {}) as Record<string, string[]>;
  const next: JsonObject = { ...current };
  for (const other of otherIds) next[other] = [...(current[other] ?? []), roomId];
  user.accountData.set("m.direct", { pos: nextPos(state), content: next });
}

export function seedScenario(state: ServerState, scenario: Scenario): ScenarioRuntime {
  const runtime: ScenarioRuntime = { state, scenario, material: new Map(), roomRefs: new Map() };
  state.seeding = true;
  for (const spec of scenario.users) {
    const user = newUser(spec.id, spec.password, spec.displayName);
    state.users.set(spec.id, user);
    const material: UserMaterial = { seed: spec.seed ?? spec.id, generation: 0 };
    runtime.material.set(spec.id, material);
    if (spec.crossSigning !== false && !spec.rawKeys?.master_key) publishCrossSigning(user, material);
    for (const device of spec.devices ?? []) addSeededDevice(state, user, material, device);
    if (spec.rawKeys) serveRawKeys(user, material, spec.rawKeys);
    if (spec.secretStorage) writeSecretStorage(state, user, material);
  }
  for (const spec of scenario.users) {
    for (const target of spec.verified ?? []) {
      const signer = userOf(runtime, spec.id);
      signOtherMasterKey(signer.user, signer.material, userOf(runtime, target).user);
    }
  }
  for (const spec of scenario.rooms ?? []) {
    const members = spec.members ?? [];
    const options: Parameters<typeof createRoom>[1] = { creator: spec.creator, invite: [...members, ...(spec.invited ?? [])], encrypted: spec.encrypted === true, isDirect: spec.direct === true };
    if (spec.id) options.roomId = spec.id;
    if (spec.alias) options.alias = spec.alias;
    if (spec.name !== undefined) options.name = spec.name;
    if (spec.topic !== undefined) options.topic = spec.topic;
    const room = createRoom(state, options);
    for (const member of members) setMembership(state, room, member, member, "join");
    for (const message of spec.messages ?? []) appendEvent(state, room, { type: "m.room.message", sender: message.sender, content: { msgtype: "m.text", body: message.body } });
    if (spec.direct) for (const member of [spec.creator, ...members]) markDirect(state, member, [spec.creator, ...members].filter((id) => id !== member), room.roomId);
    for (const ref of [spec.id, spec.alias]) if (ref) runtime.roomRefs.set(ref, room.roomId);
  }
  state.seeding = false;
  return runtime;
}

export function accountsOf(runtime: ScenarioRuntime): Account[] {
  return runtime.scenario.users.map((spec) => {
    const account: Account = { userId: spec.id, password: spec.password };
    const recoveryKey = runtime.material.get(spec.id)?.secretStorage?.recoveryKey;
    if (recoveryKey) account.recoveryKey = recoveryKey;
    return account;
  });
}

export function applyAction(runtime: ScenarioRuntime, action: ScenarioAction): void {
  const { state } = runtime;
  const { user, material } = userOf(runtime, action.user);
  switch (action.action) {
    case "addDevice":
      if (user.devices.has(action.device.id)) throw new Error(`${action.user} already has device ${action.device.id}`);
      addSeededDevice(state, user, material, action.device);
      recordKeyChange(state, user.userId);
      return;
    case "removeDevice":
      if (!user.devices.delete(action.deviceId)) throw new Error(`${action.user} has no device ${action.deviceId}`);
      recordKeyChange(state, user.userId);
      return;
    case "resetIdentity":
      resetIdentity(state, user, material, action.resignDevices !== false);
      return;
    case "verify":
      signOtherMasterKey(user, material, userOf(runtime, action.target).user);
      recordKeyChange(state, action.target, user.userId);
      return;
    case "serveRawKeys":
      serveRawKeys(user, material, action.rawKeys);
      recordKeyChange(state, user.userId);
      return;
    case "joinRoom":
    case "leaveRoom": {
      const room = getRoom(state, runtime.roomRefs.get(action.room) ?? action.room);
      setMembership(state, room, user.userId, user.userId, action.action === "joinRoom" ? "join" : "leave");
      return;
    }
  }
}
