import { describe, expect, it } from "vitest";
import { findResource } from "../harness/resources";
import type { LoadDeployment, StageExpectations } from "./stage-expectations";

/** Declares the checks of the bus, its rule, archive and dead-letter queue. */
export function describeBus(
  load: LoadDeployment,
  expected: StageExpectations,
): void {
  function bus() {
    return findResource(
      load(),
      "aws:cloudwatch/eventBus:EventBus",
      "WebhookBusBus",
    );
  }

  function rule() {
    return findResource(
      load(),
      "aws:cloudwatch/eventRule:EventRule",
      "WebhookBusSubscriberProcessorRule",
    );
  }

  function deadLetterQueue() {
    return findResource(load(), "aws:sqs/queue:Queue", "DeadLetterQueueQueue");
  }

  function processorArn() {
    return findResource(
      load(),
      "aws:lambda/function:Function",
      "ProcessorFunction",
    ).state.arn;
  }

  describe("Rule: processor subscription", () => {
    it("matches source axentra.webhook only", () => {
      expect(JSON.parse(String(rule().inputs.eventPattern))).toEqual({
        source: ["axentra.webhook"],
      });
      expect(rule().inputs.eventBusName).toBe(bus().inputs.name);
      expect(rule().inputs.state).toBe("ENABLED");
    });

    it("targets the processor with a retry policy", () => {
      const target = findResource(
        load(),
        "aws:cloudwatch/eventTarget:EventTarget",
        "WebhookBusSubscriberProcessorTarget",
      );

      expect(target.inputs.rule).toBe(rule().inputs.name);
      expect(target.inputs.arn).toBe(processorArn());
      expect(target.inputs.retryPolicy).toEqual({
        maximumEventAgeInSeconds: 3600,
        maximumRetryAttempts: 20,
      });
      expect(target.inputs.deadLetterConfig).toEqual({
        arn: deadLetterQueue().state.arn,
      });
    });

    it("lets only this rule invoke the processor", () => {
      const permission = findResource(
        load(),
        "aws:lambda/permission:Permission",
        "WebhookBusSubscriberProcessorPermission",
      );

      expect(permission.inputs.action).toBe("lambda:InvokeFunction");
      expect(permission.inputs.principal).toBe("events.amazonaws.com");
      expect(permission.inputs.sourceArn).toBe(rule().state.arn);
      expect(permission.inputs.function).toBe(processorArn());
    });
  });

  describe("Queue: DeadLetterQueue", () => {
    it("keeps messages 14 days", () => {
      expect(deadLetterQueue().inputs.messageRetentionSeconds).toBe(1_209_600);
    });

    it("encrypts messages with SQS-managed keys", () => {
      expect(deadLetterQueue().inputs.sqsManagedSseEnabled).toBe(true);
    });

    it("accepts messages from the processor rule only", () => {
      const policy = findResource(
        load(),
        "aws:sqs/queuePolicy:QueuePolicy",
        "DeadLetterQueuePolicy",
      );

      expect(policy.inputs.queueUrl).toBe(deadLetterQueue().state.url);
      expect(JSON.parse(String(policy.inputs.policy))).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AllowProcessorRuleDeadLetters",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: deadLetterQueue().state.arn,
            Condition: { ArnEquals: { "aws:SourceArn": rule().state.arn } },
          },
        ],
      });
    });
  });

  describe("Archive: deliveries", () => {
    it("keeps axentra.webhook events 14 days for replay", () => {
      const archive = findResource(
        load(),
        "aws:cloudwatch/eventArchive:EventArchive",
        "DeliveryArchive",
      );

      expect(archive.inputs).toEqual({
        name: `axentra-webhook-${expected.stage}-deliveries`,
        eventSourceArn: bus().state.arn,
        eventPattern: JSON.stringify({ source: ["axentra.webhook"] }),
        retentionDays: 14,
      });
    });
  });
}
