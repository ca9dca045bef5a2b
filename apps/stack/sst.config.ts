/// <reference path="./.sst/platform/config.d.ts" />

/**
 * The webhook ingestion stack. Production stages (`production`, `prod` and
 * `prod-*`, in any case; see infra/stage.ts) keep their data and refuse
 * `sst remove`; every other stage is removed with its resources.
 */
export default $config({
  async app(input) {
    const { isProductionStage } = await import("./infra/stage");
    const production = isProductionStage(input.stage);

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
      claimCheckBucket: storage.claimCheckBucket.name,
      alarmTopic: alarms.alarmTopic.arn,
      // SST gives a function and its log group different random suffixes,
      // so the log group is not /aws/lambda/<function name>.
      ingestFunction: functions.ingest.name,
      ingestLogGroup: functions.ingest.nodes.logGroup.apply(
        (group) => group?.name,
      ),
      processorFunction: functions.processor.name,
      processorLogGroup: functions.processor.nodes.logGroup.apply(
        (group) => group?.name,
      ),
    };
  },
});
