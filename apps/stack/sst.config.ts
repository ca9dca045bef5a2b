/// <reference path="./.sst/platform/config.d.ts" />

/**
 * The webhook ingestion stack. Production stages keep their data and refuse
 * `sst remove`; every other stage is removed with its resources.
 */
export default $config({
  app(input) {
    const production = ["production", "prod"].includes(input.stage);

    return {
      name: "axentra-webhook",
      removal: production ? "retain" : "remove",
      protect: production,
      home: "aws",
    };
  },
  async run() {
    const storage = await import("./infra/storage");
    await import("./infra/registry");
    const bus = await import("./infra/bus");
    const functions = await import("./infra/functions");
    await import("./infra/rule");
    const alarms = await import("./infra/alarms");

    return {
      ingestUrl: functions.ingest.url,
      eventBus: bus.bus.name,
      deadLetterQueueUrl: bus.deadLetterQueue.url,
      rawAuditBucket: storage.rawAuditBucket.name,
      processedBucket: storage.processedBucket.name,
      alarmTopic: alarms.alarmTopic.arn,
    };
  },
});
