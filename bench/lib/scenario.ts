/** A benchmark scenario: starts its servers, names the requests to load, and says which ratio matters. */
export interface BenchTarget {
  /** Short name shown in tables, e.g. "bare fastify GET /hello". */
  label: string;
  origin: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Name of the bench/servers/<name>.ts child answering it, to pair its CPU profile with its requests. */
  server?: string;
  /** The one status every answer must have (a redirect's 302); any 2xx when unset. */
  expectStatus?: number;
  /** CPU time used so far by the server answering this target (µs), to report CPU per request. */
  cpuMicros?: () => Promise<number>;
}

export interface RatioGoal {
  /** Labels of the two targets: requests/s of `numerator` ÷ requests/s of `denominator`. */
  numerator: string;
  denominator: string;
  /** The ratio the issue asks for (0.5 = at least half). */
  goal: number;
}

export interface StartedScenario {
  targets: BenchTarget[];
  ratio?: RatioGoal;
  /** Facts worth writing next to the figures (database dialect, log level, …). */
  facts?: Record<string, string>;
  /** Stops every server the scenario started. */
  stop(): Promise<void>;
}

export interface Scenario {
  /** Selects the scenario on the command line: npm run bench -- <name>. */
  name: string;
  title: string;
  start(opts: { profileDir?: string }): Promise<StartedScenario>;
}
