// The people the hostile-homeserver tests attack. @me verified everyone but Uma and Una, so every
// lie tries to pass something off under trust that exists; Mallory's name imitates Vera's.
import type { Scenario } from "../../homeserver/index.ts";

export const ME = "@me:localhost";
export const ROOM = "!hostile:localhost";
export const VERA = "@vera:localhost"; // a made-up device with a wrong self-signature; a real device's self-signature altered
export const SAM = "@sam:localhost"; // a rogue self-signing key the master key never signed
export const MIA = "@mia:localhost"; // master key swapped without notice
export const UMA = "@uma:localhost"; // a user-signing signature by @me forged on her master key
export const UNA = "@una:localhost"; // @me's user-signing key replaced by a rogue one that signs her
export const DORA = "@dora:localhost"; // a device silently dropped
export const DUP = "@dup:localhost"; // a device ID listed twice, the second with other keys
export const EXT = "@ext:localhost"; // keys of @ext:evil.example passed off as hers
export const MALLORY = "@mallory:localhost"; // "Vеra" with a Cyrillic е, and markup in her device name
export const FOREIGN = "@ext:evil.example";

const VERIFIED = [VERA, SAM, MIA, DORA, DUP, EXT];

export const HOSTILE_SCENARIO: Scenario = {
  name: "hostile",
  serverName: "localhost",
  users: [
    { id: ME, password: "me-password", secretStorage: true, devices: [{ id: "MEPHONE" }], verified: VERIFIED },
    { id: VERA, password: "pw", displayName: "Vera", devices: [{ id: "V1" }, { id: "V2" }] },
    { id: SAM, password: "pw", devices: [{ id: "S1" }] },
    { id: MIA, password: "pw", devices: [{ id: "M1" }] },
    { id: UMA, password: "pw", devices: [{ id: "U1" }] },
    { id: UNA, password: "pw", devices: [{ id: "N1" }] },
    { id: DORA, password: "pw", devices: [{ id: "D1" }, { id: "D2" }] },
    { id: DUP, password: "pw", devices: [{ id: "X1" }] },
    { id: EXT, password: "pw", devices: [{ id: "E1" }] },
    {
      id: MALLORY,
      password: "pw",
      displayName: "V\u0435ra",
      devices: [{ id: "MAL1", displayName: '<img src=x onerror="alert(1)">\u202Eenohp s\'areV' }],
    },
  ],
  rooms: [{ id: ROOM, name: "Hostile", encrypted: true, creator: ME, members: [VERA, SAM, MIA, UMA, UNA, DORA, DUP, EXT, MALLORY] }],
};

export const EVERYONE = [ME, VERA, SAM, MIA, UMA, UNA, DORA, DUP, EXT, MALLORY];
