// Structural schema for scenario files; ajv reports the JSON path of whatever is wrong.
const userId = { type: "string", pattern: "^@[^:]+:.+$" };
const jsonObject = { type: "object" };

const device = {
  type: "object",
  additionalProperties: false,
  required: ["id"],
  properties: {
    id: { type: "string", minLength: 1, pattern: "^[^:/\\s]+$" },
    displayName: { type: "string" },
    keys: { type: "boolean" },
    signedByOwner: { type: "boolean" },
    oneTimeKeys: { type: "integer", minimum: 0, maximum: 1000 },
    fallbackKey: { type: "boolean" },
  },
};

const rawKeys = {
  type: "object",
  additionalProperties: false,
  properties: {
    devices: { type: "object", additionalProperties: jsonObject },
    master_key: jsonObject,
    self_signing_key: jsonObject,
    user_signing_key: jsonObject,
  },
};

const action = {
  type: "object",
  required: ["action"],
  properties: { action: { enum: ["addDevice", "removeDevice", "resetIdentity", "verify", "serveRawKeys", "joinRoom", "leaveRoom"] } },
  allOf: [
    { if: { properties: { action: { const: "addDevice" } } }, then: { required: ["user", "device"], properties: { user: userId, device } } },
    { if: { properties: { action: { const: "removeDevice" } } }, then: { required: ["user", "deviceId"], properties: { user: userId, deviceId: { type: "string" } } } },
    { if: { properties: { action: { const: "resetIdentity" } } }, then: { required: ["user"], properties: { user: userId, resignDevices: { type: "boolean" } } } },
    { if: { properties: { action: { const: "verify" } } }, then: { required: ["user", "target"], properties: { user: userId, target: userId } } },
    { if: { properties: { action: { const: "serveRawKeys" } } }, then: { required: ["user", "rawKeys"], properties: { user: userId, rawKeys } } },
    { if: { properties: { action: { enum: ["joinRoom", "leaveRoom"] } } }, then: { required: ["user", "room"], properties: { user: userId, room: { type: "string" } } } },
  ],
};

export const scenarioSchema = {
  type: "object",
  additionalProperties: false,
  required: ["name", "users"],
  properties: {
    name: { type: "string", minLength: 1 },
    description: { type: "string" },
    serverName: { type: "string", minLength: 1 },
    users: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "password"],
        properties: {
          id: userId,
          password: { type: "string", minLength: 1 },
          displayName: { type: "string" },
          seed: { type: "string" },
          crossSigning: { type: "boolean" },
          secretStorage: { type: "boolean" },
          devices: { type: "array", items: device },
          verified: { type: "array", items: userId },
          rawKeys,
        },
      },
    },
    rooms: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["creator"],
        properties: {
          id: { type: "string", pattern: "^![^:]+:.+$" },
          alias: { type: "string", pattern: "^#[^:]+:.+$" },
          name: { type: "string" },
          topic: { type: "string" },
          encrypted: { type: "boolean" },
          creator: userId,
          members: { type: "array", items: userId },
          invited: { type: "array", items: userId },
          direct: { type: "boolean" },
          messages: {
            type: "array",
            items: { type: "object", additionalProperties: false, required: ["sender", "body"], properties: { sender: userId, body: { type: "string" } } },
          },
        },
      },
    },
    steps: { type: "object", additionalProperties: { type: "array", items: action } },
  },
} as const;
