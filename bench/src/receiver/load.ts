import autocannon from "autocannon";
import { type PayloadTemplate, varyPayload } from "../payloads.js";

/** Settings of one load run. */
export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly templates: readonly PayloadTemplate[];
  /** Sequence numbers start after this one, so runs never repeat a body. */
  readonly firstSequence: number;
}

/** Measurements of one load run. */
export interface LoadResult {
  /** Successful (2xx) responses per second over the run. */
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly durationSeconds: number;
  /** Last sequence number used. */
  readonly lastSequence: number;
}

/**
 * Posts deliveries to `url` with autocannon for a fixed time over a fixed
 * number of connections. Each request carries a new payload: the
 * templates in turn, each varied with the next sequence number.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let sequence = options.firstSequence;
  const nextBody = () => {
    sequence += 1;
    const template = options.templates[
      sequence % options.templates.length
    ] as PayloadTemplate;
    return varyPayload(template, sequence);
  };

  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    method: "POST",
    headers: { "content-type": "application/json" },
    requests: [
      {
        method: "POST",
        setupRequest: (request) => ({ ...request, body: nextBody() }),
      },
    ],
  });

  return {
    requestsPerSecond: result["2xx"] / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSeconds: result.duration,
    lastSequence: sequence,
  };
}
