// A room of N members with D devices each, for the benchmark. Every 10th member is verified by
// the auditing account and every 7th has one device they did not sign, so the audit has real
// findings to compute. Step "add-device" gives member 1 one more device.
import type { Scenario, ScenarioDevice } from "../homeserver/index.ts";

export const BENCH_ME = "@bench-me:localhost";
export const ROOM_ID = "!large:localhost";

export function memberId(i: number): string {
  return `@m${i}:localhost`;
}

export function benchScenario(members: number, devicesPerMember: number): Scenario {
  const ids = Array.from({ length: members }, (_, i) => memberId(i));
  const device = (id: string, signedByOwner = true): ScenarioDevice => ({ id, signedByOwner, oneTimeKeys: 0, fallbackKey: false });
  return {
    name: `bench-${members}x${devicesPerMember}`,
    serverName: "localhost",
    users: [
      { id: BENCH_ME, password: "bench-password", secretStorage: true, devices: [device("BENCHPHONE")], verified: ids.filter((_, i) => i % 10 === 0) },
      ...ids.map((id, i) => ({
        id,
        password: "pw",
        devices: Array.from({ length: devicesPerMember }, (_, d) => device(`D${d}`, !(i % 7 === 0 && d === devicesPerMember - 1))),
      })),
    ],
    rooms: [{ id: ROOM_ID, name: `Large room (${members})`, encrypted: true, creator: BENCH_ME, members: ids }],
    steps: { "add-device": [{ action: "addDevice", user: memberId(1), device: device("NEW") }] },
  };
}
