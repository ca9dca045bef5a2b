import { deadLetterQueue } from "./bus";
import { ingest, processor } from "./functions";
import { stageResourceName } from "./stage";

/** Length of one alarm evaluation period, in seconds. */
const ALARM_PERIOD_SECONDS = 300;

/** Maximum length of a CloudWatch alarm name. */
const ALARM_NAME_MAX_LENGTH = 255;

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
  namespace: "AWS/Lambda" | "AWS/SQS";
  metricName: string;
  statistic: "Sum" | "Maximum";
  dimensions: Record<string, $util.Input<string>>;
}

/**
 * Creates an alarm that fires when one period's statistic is above zero.
 * Missing data counts as healthy: Lambda publishes no Errors datapoint for
 * a period without invocations.
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

/** Fires when an ingest invocation failed. */
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
