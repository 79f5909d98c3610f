// Checks a scenario (shape, then references between its parts) and names the file, the JSON path
// inside it and what is wrong.
import { Ajv } from "ajv";
import { scenarioSchema } from "./schema.ts";
import type { Scenario } from "./types.ts";

export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${source}: at ${path}: ${problem}`);
  }
}

const ajv = new Ajv({ allErrors: false, strict: false });
const validateShape = ajv.compile(scenarioSchema);

function jsonPath(instancePath: string): string {
  return (
    "$" +
    instancePath
      .split("/")
      .slice(1)
      .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, "/").replace(/~0/g, "~")}`))
      .join("")
  );
}

export function validateScenario(input: unknown, source: string): Scenario {
  if (!validateShape(input)) {
    const error = validateShape.errors![0]!;
    const extra = error.keyword === "additionalProperties" ? ` (${String(error.params.additionalProperty)})` : error.keyword === "enum" ? ` (${JSON.stringify(error.params.allowedValues)})` : "";
    throw new ScenarioError(source, jsonPath(error.instancePath), `${error.message ?? "is invalid"}${extra}`);
  }
  const scenario = input as unknown as Scenario;
  const fail = (path: string, problem: string): never => {
    throw new ScenarioError(source, path, problem);
  };
  const users = new Map<string, number>();
  scenario.users.forEach((user, i) => {
    if (users.has(user.id)) fail(`$.users[${i}].id`, `duplicate user ${user.id}`);
    users.set(user.id, i);
    const devices = new Set<string>();
    (user.devices ?? []).forEach((device, j) => {
      if (devices.has(device.id)) fail(`$.users[${i}].devices[${j}].id`, `duplicate device ${device.id}`);
      devices.add(device.id);
    });
    for (const [deviceId, keys] of Object.entries(user.rawKeys?.devices ?? {})) {
      if (keys.device_id !== deviceId) fail(`$.users[${i}].rawKeys.devices.${deviceId}.device_id`, `must be "${deviceId}"`);
      if (keys.user_id !== user.id) fail(`$.users[${i}].rawKeys.devices.${deviceId}.user_id`, `must be "${user.id}"`);
      if (devices.has(deviceId)) fail(`$.users[${i}].rawKeys.devices.${deviceId}`, `device ${deviceId} is also listed in devices`);
    }
    const generated = user.crossSigning !== false && !user.rawKeys?.master_key;
    if (user.secretStorage && !generated) fail(`$.users[${i}].secretStorage`, "secret storage needs generated cross-signing keys (crossSigning not false, no raw master_key)");
    (user.verified ?? []).forEach((target, j) => {
      if (!generated) fail(`$.users[${i}].verified[${j}]`, "verifying others needs this user's own generated cross-signing keys");
      if (target === user.id) fail(`$.users[${i}].verified[${j}]`, "a user cannot verify themself with the user-signing key");
    });
  });
  scenario.users.forEach((user, i) =>
    (user.verified ?? []).forEach((target, j) => {
      if (!users.has(target)) fail(`$.users[${i}].verified[${j}]`, `unknown user ${target}`);
    }),
  );
  const roomRefs = new Set<string>();
  (scenario.rooms ?? []).forEach((room, i) => {
    const check = (id: string, path: string) => {
      if (!users.has(id)) fail(path, `unknown user ${id}`);
    };
    check(room.creator, `$.rooms[${i}].creator`);
    (room.members ?? []).forEach((id, j) => check(id, `$.rooms[${i}].members[${j}]`));
    (room.invited ?? []).forEach((id, j) => check(id, `$.rooms[${i}].invited[${j}]`));
    const joined = new Set([room.creator, ...(room.members ?? [])]);
    (room.invited ?? []).forEach((id, j) => {
      if (joined.has(id)) fail(`$.rooms[${i}].invited[${j}]`, `${id} is already a member`);
    });
    (room.messages ?? []).forEach((message, j) => {
      if (room.encrypted) fail(`$.rooms[${i}].messages[${j}]`, "seeded messages are plain text, so only unencrypted rooms may have them");
      if (!joined.has(message.sender)) fail(`$.rooms[${i}].messages[${j}].sender`, `${message.sender} is not a member of this room`);
    });
    for (const ref of [room.id, room.alias]) {
      if (ref === undefined) continue;
      if (roomRefs.has(ref)) fail(`$.rooms[${i}]`, `duplicate room ${ref}`);
      roomRefs.add(ref);
    }
  });
  for (const [name, actions] of Object.entries(scenario.steps ?? {})) {
    actions.forEach((action, j) => {
      const path = `$.steps.${name}[${j}]`;
      if (!users.has(action.user)) fail(`${path}.user`, `unknown user ${action.user}`);
      if (action.action === "verify" && !users.has(action.target)) fail(`${path}.target`, `unknown user ${action.target}`);
      if ((action.action === "joinRoom" || action.action === "leaveRoom") && !roomRefs.has(action.room)) fail(`${path}.room`, `unknown room ${action.room} (use a room id or alias given in rooms)`);
    });
  }
  return scenario;
}
