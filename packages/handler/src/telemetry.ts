import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

/** CloudWatch namespace of the handlers' metrics. */
export const METRICS_NAMESPACE = "Axentra/Webhooks";

/** The Powertools logger and metrics of one function. */
export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * Creates the logger and metrics of a function. `serviceName` becomes the
 * `service` key of every log line and the `service` dimension of every
 * metric, in place of `POWERTOOLS_SERVICE_NAME`.
 */
export function createTelemetry(serviceName: string): Telemetry {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName }),
  };
}
