import { bus, deadLetterQueue, WEBHOOK_SOURCE } from "./bus";
import { processor } from "./functions";

/**
 * How long EventBridge keeps trying to hand one event to the processor, in
 * seconds. Delivery fails when Lambda rejects the asynchronous invocation,
 * for example after a broken deploy, and one hour leaves time to fix it.
 * Errors inside the processor are retried by Lambda instead.
 */
export const DELIVERY_MAX_EVENT_AGE_SECONDS = 60 * 60;

/** Delivery attempts per event before it goes to the dead-letter queue. */
export const DELIVERY_MAX_ATTEMPTS = 20;

/**
 * Rule that sends every `axentra.webhook` delivery to the processor. Events
 * that cannot be delivered go to the dead-letter queue.
 */
export const processorSubscription = bus.subscribe("Processor", processor, {
  pattern: { source: [WEBHOOK_SOURCE] },
  transform: {
    target: {
      retryPolicy: {
        maximumEventAgeInSeconds: DELIVERY_MAX_EVENT_AGE_SECONDS,
        maximumRetryAttempts: DELIVERY_MAX_ATTEMPTS,
      },
      deadLetterConfig: { arn: deadLetterQueue.arn },
    },
  },
});

/**
 * Queue policy that lets EventBridge send undeliverable events from this
 * rule, and only from it, to the dead-letter queue.
 */
export const deadLetterQueuePolicy = new aws.sqs.QueuePolicy(
  "DeadLetterQueuePolicy",
  {
    queueUrl: deadLetterQueue.url,
    policy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowProcessorRuleDeadLetters",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: deadLetterQueue.arn,
          Condition: {
            ArnEquals: {
              "aws:SourceArn": processorSubscription.apply(
                (subscription) => subscription.nodes.rule.arn,
              ),
            },
          },
        },
      ],
    }),
  },
);
