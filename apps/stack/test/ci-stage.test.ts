import { describeStageDeployment } from "./checks/deployment-checks";

describeStageDeployment({ stage: "ci", production: false });
