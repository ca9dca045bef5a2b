import { deadLetterQueue } from "./bus";
import { ingest, processor } from "./functions";
import { stageResourceName } from "./stage";

/** Length of one alarm evaluation period, in seconds. */
const ALARM_PERIOD_SECONDS = 300;

/** Maximum length of a CloudWatch alarm name. */
const ALARM_NAME_MAX_LENGTH = 255;

/**
 * CloudWatch namespace of the handlers' own metrics, which Powertools
 * Metrics writes as embedded metric format log lines
 * (`METRICS_NAMESPACE` in packages/handler/src/telemetry.ts).
 */
export const HANDLER_METRICS_NAMESPACE = "Axentra/Webhooks";

/**
 * Value of the `service` dimension, the only dimension of the handlers'
 * `PublishFailures` and `Failures` metrics (`INGEST_SERVICE_NAME` and
 * `PROCESSOR_SERVICE_NAME` in packages/handler). An alarm must name every
 * dimension of the metric, or it watches a metric that no function writes.
 */
export const INGEST_SERVICE_NAME = "axentra-ingest";
export const PROCESSOR_SERVICE_NAME = "axentra-processor";

/**
 * Topic that every alarm notifies, when it fires and when it clears.
 * Subscribe to it with `aws sns subscribe`, or set `AXENTRA_ALARM_EMAIL`
 * when deploying to subscribe one email address.
 */
export const alarmTopic = new sst.aws.SnsTopic("AlarmTopic");

const alarmEmail = process.env.AXENTRA_ALARM_EMAIL;

/** Email subscription of the alarm topic, present when `AXENTRA_ALARM_EMAIL` is set. */
export const alarmEmailSubscription = alarmEmail
  ? new aws.sns.TopicSubscription("AlarmEmail", {
      topic: alarmTopic.arn,
      protocol: "email",
      endpoint: alarmEmail,
    })
  : undefined;

interface ThresholdAlarmArgs {
  suffix: string;
  description: string;
  namespace: "AWS/Lambda" | "AWS/SQS" | typeof HANDLER_METRICS_NAMESPACE;
  metricName: string;
  statistic: "Sum" | "Maximum";
  dimensions: Record<string, $util.Input<string>>;
}

/**
 * Creates an alarm that fires when one period's statistic is above zero.
 * Missing data counts as healthy: Lambda publishes no Errors datapoint for
 * a period without invocations, and the handlers write a failure metric
 * only when something failed.
 */
function createAboveZeroAlarm(
  name: string,
  args: ThresholdAlarmArgs,
): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(name, {
    name: stageResourceName(args.suffix, ALARM_NAME_MAX_LENGTH),
    alarmDescription: args.description,
    namespace: args.namespace,
    metricName: args.metricName,
    dimensions: args.dimensions,
    statistic: args.statistic,
    period: ALARM_PERIOD_SECONDS,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    alarmActions: [alarmTopic.arn],
    okActions: [alarmTopic.arn],
  });
}

/** Fires while the dead-letter queue contains messages. */
export const deadLetterQueueAlarm = createAboveZeroAlarm("DeadLetterAlarm", {
  suffix: "dead-letter-queue-not-empty",
  description:
    "The processor dead-letter queue contains deliveries that were not processed. Inspect and redrive them.",
  namespace: "AWS/SQS",
  metricName: "ApproximateNumberOfMessagesVisible",
  statistic: "Maximum",
  dimensions: { QueueName: deadLetterQueue.nodes.queue.name },
});

/**
 * Fires when the ingest function crashed: an invocation error, which Lambda
 * counts in `Errors`. A failed PutEvents or claim-check write is not one;
 * see `ingestPublishFailuresAlarm`.
 */
export const ingestErrorsAlarm = createAboveZeroAlarm("IngestErrorsAlarm", {
  suffix: "ingest-errors",
  description: "The ingest function failed; Supabase got no 2xx response.",
  namespace: "AWS/Lambda",
  metricName: "Errors",
  statistic: "Sum",
  dimensions: { FunctionName: ingest.name },
});

/**
 * Fires when ingest requests were throttled by the reserved concurrency.
 * Each throttled request got HTTP 429 and left no event behind.
 */
export const ingestThrottlesAlarm = createAboveZeroAlarm(
  "IngestThrottlesAlarm",
  {
    suffix: "ingest-throttles",
    description:
      "Ingest requests got HTTP 429 from the reserved concurrency limit. Find them in net._http_response in Supabase and resend them.",
    namespace: "AWS/Lambda",
    metricName: "Throttles",
    statistic: "Sum",
    dimensions: { FunctionName: ingest.name },
  },
);

/**
 * Fires when the ingest function returned 503 because it could not put a
 * delivery on the bus or write its claim-check object. The function returns
 * that response without throwing, so Lambda's `Errors` stays at zero; the
 * handler counts it in its own `PublishFailures` metric instead.
 */
export const ingestPublishFailuresAlarm = createAboveZeroAlarm(
  "IngestPublishFailuresAlarm",
  {
    suffix: "ingest-publish-failures",
    description:
      "The ingest function answered 503: a delivery could not be put on the bus or its claim-check object could not be written. Supabase does not retry; find the deliveries in net._http_response and resend them.",
    namespace: HANDLER_METRICS_NAMESPACE,
    metricName: "PublishFailures",
    statistic: "Sum",
    dimensions: { service: INGEST_SERVICE_NAME },
  },
);

/** Fires when a processor invocation failed; Lambda retries it. */
export const processorErrorsAlarm = createAboveZeroAlarm(
  "ProcessorErrorsAlarm",
  {
    suffix: "processor-errors",
    description:
      "The processor failed on an event. Lambda retries it, then sends it to the dead-letter queue.",
    namespace: "AWS/Lambda",
    metricName: "Errors",
    statistic: "Sum",
    dimensions: { FunctionName: processor.name },
  },
);

/** Fires when the account concurrency limit throttled the processor. */
export const processorThrottlesAlarm = createAboveZeroAlarm(
  "ProcessorThrottlesAlarm",
  {
    suffix: "processor-throttles",
    description:
      "The processor was throttled. Lambda retries throttled events for up to the maximum event age.",
    namespace: "AWS/Lambda",
    metricName: "Throttles",
    statistic: "Sum",
    dimensions: { FunctionName: processor.name },
  },
);

/**
 * Fires when the processor counted a failed attempt in its own `Failures`
 * metric: every error it throws for Lambda to retry, an event that another
 * attempt is still processing included. It names the failure in the log
 * line of the attempt, which `Errors` alone does not.
 */
export const processorFailuresAlarm = createAboveZeroAlarm(
  "ProcessorFailuresAlarm",
  {
    suffix: "processor-failures",
    description:
      "The processor failed on an attempt (its Failures metric). Lambda retries it, then sends it to the dead-letter queue; the processor's log names the error.",
    namespace: HANDLER_METRICS_NAMESPACE,
    metricName: "Failures",
    statistic: "Sum",
    dimensions: { service: PROCESSOR_SERVICE_NAME },
  },
);
