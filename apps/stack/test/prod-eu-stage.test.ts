import { describeStageDeployment } from "./checks/deployment-checks";

// A production stage by prefix (`prod-`), not by exact name: it must be
// protected and retained, keep its buckets and lock its raw audit records.
describeStageDeployment({ stage: "prod-eu", production: true });
