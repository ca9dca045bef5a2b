import { describeStageDeployment } from "./checks/deployment-checks";

describeStageDeployment({
  stage: "production",
  production: true,
  alarmEmail: "oncall@example.com",
});
