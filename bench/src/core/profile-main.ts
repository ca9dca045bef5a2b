/**
 * Child process of the core profile: runs one workload through the
 * pipeline for a fixed number of batches, under `node --cpu-prof`.
 * Usage: node profile-main.js WORKLOAD BATCHES
 */
import { loadRulesFile } from "@axentra/rules";
import { RULES_FILE } from "../paths.js";
import {
  batchBodies,
  coreWorkloads,
  ingestAll,
  memoryPipeline,
} from "./workloads.js";

const [workloadName = "", batchText = "40"] = process.argv.slice(2);
const workload = coreWorkloads().find((entry) => entry.name === workloadName);
if (workload === undefined) {
  throw new Error(
    `unknown workload ${JSON.stringify(workloadName)}; expected one of ` +
      coreWorkloads()
        .map((entry) => entry.name)
        .join(", "),
  );
}

const rules = await loadRulesFile(RULES_FILE);
let sequence = 0;
const nextSequence = () => {
  sequence += 1;
  return sequence;
};

for (let batch = 0; batch < Number(batchText); batch += 1) {
  const bodies = batchBodies(workload, nextSequence);
  await ingestAll(memoryPipeline(rules), bodies);
}
