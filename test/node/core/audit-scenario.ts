// The scenario the audit tests run on: every verdict, finding kind and shield rule arises from it,
// either at once or after one of its steps.
import type { Scenario } from "../../homeserver/index.ts";

export const ME = "@me:localhost";

export const AUDIT_SCENARIO: Scenario = {
  name: "audit-kinds",
  description: "Every trust situation the audit reports, for @me:localhost.",
  serverName: "localhost",
  users: [
    {
      id: ME,
      password: "me-password",
      secretStorage: true,
      devices: [{ id: "MEPHONE", displayName: "My phone" }, { id: "MEKEYLESS", displayName: "My old client", keys: false }],
      verified: ["@bob:localhost", "@carol:localhost", "@frank:localhost", "@vic:localhost"],
    },
    { id: "@bob:localhost", password: "pw", displayName: "Bob", devices: [{ id: "B1" }] },
    { id: "@carol:localhost", password: "pw", devices: [{ id: "C1" }, { id: "C2", displayName: "Carol's unsigned", signedByOwner: false }] },
    { id: "@dave:localhost", password: "pw", devices: [{ id: "D1" }, { id: "D2", signedByOwner: false }] },
    { id: "@erin:localhost", password: "pw", crossSigning: false, devices: [{ id: "E1" }] },
    { id: "@frank:localhost", password: "pw", devices: [{ id: "F1" }] },
    { id: "@vic:localhost", password: "pw", devices: [{ id: "V1" }] },
    { id: "@ivan:localhost", password: "pw", devices: [{ id: "I1" }] },
    { id: "@lou:localhost", password: "pw", devices: [{ id: "L1" }] },
    { id: "@gus:localhost", password: "pw", devices: [{ id: "G1", signedByOwner: false }] },
  ],
  rooms: [
    { id: "!dm:localhost", name: "DM with Bob", encrypted: true, direct: true, creator: ME, members: ["@bob:localhost"] },
    { id: "!trio:localhost", name: "Trio", encrypted: true, creator: ME, members: ["@bob:localhost", "@frank:localhost"] },
    { id: "!carol:localhost", name: "Carol's room", encrypted: true, creator: ME, members: ["@bob:localhost", "@carol:localhost"] },
    { id: "!mixed:localhost", name: "Mixed", encrypted: true, creator: ME, members: ["@dave:localhost", "@erin:localhost", "@lou:localhost"] },
    { id: "!vic:localhost", name: "Vic", encrypted: true, creator: ME, members: ["@vic:localhost"] },
    { id: "!ivan:localhost", name: "Ivan", encrypted: true, creator: ME, members: ["@ivan:localhost"] },
    { id: "!lobby:localhost", name: "Lobby", encrypted: false, creator: ME, members: ["@bob:localhost"] },
  ],
  steps: {
    "vic-reset": [{ action: "resetIdentity", user: "@vic:localhost" }],
    "ivan-reset": [{ action: "resetIdentity", user: "@ivan:localhost" }],
    "dave-new-device": [{ action: "addDevice", user: "@dave:localhost", device: { id: "D3", displayName: "Dave's new device" } }],
    "verify-dave": [{ action: "verify", user: ME, target: "@dave:localhost" }],
    "gus-joins": [{ action: "joinRoom", user: "@gus:localhost", room: "!mixed:localhost" }],
    "lou-leaves": [{ action: "leaveRoom", user: "@lou:localhost", room: "!mixed:localhost" }],
    "own-unsigned-device": [{ action: "addDevice", user: ME, device: { id: "MENEW", signedByOwner: false } }],
  },
};

export const ALL_MEMBERS = [...new Set(AUDIT_SCENARIO.rooms!.flatMap((r) => [r.creator, ...(r.members ?? [])]))];
