import type { Deployment } from "../harness/deploy";

/** What a stage's deployment must differ in. */
export interface StageExpectations {
  stage: string;
  production: boolean;
  /** Address given in `AXENTRA_ALARM_EMAIL`, when the test sets one. */
  alarmEmail?: string;
}

/** Returns the deployment that the test file's `beforeAll` created. */
export type LoadDeployment = () => Deployment;
