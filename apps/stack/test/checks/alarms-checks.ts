import { describe, expect, it } from "vitest";
import { findResource, resourcesOfType } from "../harness/resources";
import type { LoadDeployment, StageExpectations } from "./stage-expectations";

interface ExpectedAlarm {
  name: string;
  suffix: string;
  namespace: string;
  metricName: string;
  statistic: string;
  dimension: () => Record<string, unknown>;
}

/** Declares the checks of the alarms and their notification topic. */
export function describeAlarms(
  load: LoadDeployment,
  expected: StageExpectations,
): void {
  function functionName(component: string) {
    return findResource(
      load(),
      "aws:lambda/function:Function",
      `${component}Function`,
    ).inputs.name;
  }

  function topicArn() {
    return findResource(load(), "aws:sns/topic:Topic", "AlarmTopicTopic").state
      .arn;
  }

  const alarms: ExpectedAlarm[] = [
    {
      name: "DeadLetterAlarm",
      suffix: "dead-letter-queue-not-empty",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      statistic: "Maximum",
      dimension: () => ({
        QueueName: findResource(
          load(),
          "aws:sqs/queue:Queue",
          "DeadLetterQueueQueue",
        ).inputs.name,
      }),
    },
    {
      name: "IngestErrorsAlarm",
      suffix: "ingest-errors",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      statistic: "Sum",
      dimension: () => ({ FunctionName: functionName("Ingest") }),
    },
    {
      name: "IngestThrottlesAlarm",
      suffix: "ingest-throttles",
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      statistic: "Sum",
      dimension: () => ({ FunctionName: functionName("Ingest") }),
    },
    {
      // The handler returns 503 without throwing: Lambda counts no error.
      // Powertools writes the metric with the `service` dimension alone.
      name: "IngestPublishFailuresAlarm",
      suffix: "ingest-publish-failures",
      namespace: "Axentra/Webhooks",
      metricName: "PublishFailures",
      statistic: "Sum",
      dimension: () => ({ service: "axentra-ingest" }),
    },
    {
      name: "ProcessorErrorsAlarm",
      suffix: "processor-errors",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      statistic: "Sum",
      dimension: () => ({ FunctionName: functionName("Processor") }),
    },
    {
      name: "ProcessorThrottlesAlarm",
      suffix: "processor-throttles",
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      statistic: "Sum",
      dimension: () => ({ FunctionName: functionName("Processor") }),
    },
    {
      name: "ProcessorFailuresAlarm",
      suffix: "processor-failures",
      namespace: "Axentra/Webhooks",
      metricName: "Failures",
      statistic: "Sum",
      dimension: () => ({ service: "axentra-processor" }),
    },
  ];

  describe("Alarms", () => {
    it("exist exactly for the seven watched metrics", () => {
      const names = resourcesOfType(
        load(),
        "aws:cloudwatch/metricAlarm:MetricAlarm",
      ).map((alarm) => alarm.name);

      expect(names.sort()).toEqual(alarms.map((alarm) => alarm.name).sort());
    });

    for (const alarm of alarms) {
      it(`${alarm.name} fires above zero ${alarm.metricName}`, () => {
        const inputs = findResource(
          load(),
          "aws:cloudwatch/metricAlarm:MetricAlarm",
          alarm.name,
        ).inputs;

        expect(inputs).toMatchObject({
          name: `axentra-webhook-${expected.stage}-${alarm.suffix}`,
          namespace: alarm.namespace,
          metricName: alarm.metricName,
          statistic: alarm.statistic,
          dimensions: alarm.dimension(),
          period: 300,
          evaluationPeriods: 1,
          threshold: 0,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [topicArn()],
          okActions: [topicArn()],
        });
        // CloudWatch matches a metric by all of its dimensions, so an alarm
        // with an extra or a missing one watches nothing.
        expect(inputs.dimensions).toEqual(alarm.dimension());
        expect(String(inputs.alarmDescription).length).toBeGreaterThan(0);
      });
    }

    if (expected.alarmEmail) {
      const email = expected.alarmEmail;

      it("subscribe the AXENTRA_ALARM_EMAIL address", () => {
        const subscriptions = resourcesOfType(
          load(),
          "aws:sns/topicSubscription:TopicSubscription",
        );

        expect(subscriptions.map((item) => item.inputs)).toEqual([
          { topic: topicArn(), protocol: "email", endpoint: email },
        ]);
      });
    } else {
      it("subscribe no email without AXENTRA_ALARM_EMAIL", () => {
        expect(
          resourcesOfType(
            load(),
            "aws:sns/topicSubscription:TopicSubscription",
          ),
        ).toEqual([]);
      });
    }
  });
}
