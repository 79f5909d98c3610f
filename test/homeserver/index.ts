// Starts the in-memory test homeserver for a scenario: the programmatic entry point for tests,
// the command line and the demo.
import type { AddressInfo } from "node:net";
import { createHttpServer, type Exchange, type Traffic } from "./http.ts";
import { accountDataRoutes } from "./routes/account-data.ts";
import { deviceRoutes } from "./routes/devices.ts";
import { profileRoutes } from "./routes/profile.ts";
import { toDeviceRoutes } from "./routes/to-device.ts";
import { keyRoutes } from "./routes/keys.ts";
import { roomRoutes } from "./routes/rooms.ts";
import { sessionRoutes } from "./routes/session.ts";
import { syncRoutes } from "./routes/sync.ts";
import { loadScenario } from "./scenario/load.ts";
import { accountsOf, applyAction, seedScenario, type Account, type ScenarioRuntime } from "./scenario/seed.ts";
import { createState, wake, type ServerState } from "./state.ts";
import { Hostility } from "./hostile/index.ts";
import type { Scenario } from "./scenario/types.ts";

export type { Account } from "./scenario/seed.ts";
export type { Scenario, ScenarioAction, ScenarioDevice, ScenarioRoom, ScenarioUser, RawKeys } from "./scenario/types.ts";
export type { Exchange, Traffic } from "./http.ts";
export { ScenarioError } from "./scenario/validate.ts";

export interface StartOptions {
  /** "demo" (or any name in test/scenarios/), a path to a JSON file, or a scenario object. */
  scenario: string | Scenario;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Keep every request/response pair in `exchanges` (for schema checks). */
  record?: boolean;
}

export interface Homeserver {
  url: string;
  accounts: Account[];
  scenario: Scenario;
  state: ServerState;
  exchanges: Exchange[];
  /** "METHOD /path" of requests no endpoint here answers (404/405 M_UNRECOGNIZED). */
  unrecognized: string[];
  /**
   * The response bodies sent since the start (bytes of their JSON text, headers not counted), in all and
   * per route; answers a hostile mode writes itself are not counted. The account bench reads it.
   */
  traffic: Traffic;
  /** The hostile and failing modes (hostile/index.ts); honest until a test adds a lie or a failure. */
  hostile: Hostility;
  /** The private cross-signing seeds the scenario made for a user (what secret storage holds), for tests that look for them. */
  privateCrossSigning(userId: string): { master: Buffer; selfSigning: Buffer; userSigning: Buffer } | undefined;
  /** Runs one of the scenario's named steps (e.g. "reset-identities"). */
  applyStep(name: string): Promise<void>;
  stop(): Promise<void>;
}

export const ALL_ROUTES = [...sessionRoutes, ...syncRoutes, ...keyRoutes, ...toDeviceRoutes, ...deviceRoutes, ...accountDataRoutes, ...profileRoutes, ...roomRoutes];

export async function startHomeserver(options: StartOptions): Promise<Homeserver> {
  const scenario = loadScenario(options.scenario);
  const state = createState(scenario.serverName ?? "localhost");
  const hostile = new Hostility();
  state.hostile = hostile;
  const runtime: ScenarioRuntime = seedScenario(state, scenario);
  let url = "";
  let signalStop = () => {};
  const stopping = new Promise<void>((resolve) => (signalStop = resolve));
  const { server, exchanges, unrecognized, traffic } = createHttpServer(state, ALL_ROUTES, { record: options.record === true, baseUrl: () => url, stopping });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    accounts: accountsOf(runtime),
    scenario,
    state,
    exchanges,
    unrecognized,
    traffic,
    hostile,
    privateCrossSigning(userId) {
      const keys = runtime.material.get(userId)?.crossSigning;
      return keys && { master: keys.master.seed, selfSigning: keys.selfSigning.seed, userSigning: keys.userSigning.seed };
    },
    async applyStep(name) {
      const actions = scenario.steps?.[name];
      if (!actions) throw new Error(`scenario ${scenario.name} has no step "${name}" (has: ${Object.keys(scenario.steps ?? {}).join(", ") || "none"})`);
      for (const action of actions) applyAction(runtime, action);
      wake(state);
    },
    async stop() {
      hostile.clear();
      signalStop();
      wake(state);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
