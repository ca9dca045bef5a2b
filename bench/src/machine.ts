import { availableParallelism, cpus, totalmem } from "node:os";

/** The machine a run measured on, printed with every report. */
export interface MachineInfo {
  /** Logical processors available to Node.js, as `nproc` counts them. */
  readonly processors: number;
  readonly cpuModel: string;
  readonly nodeVersion: string;
  readonly platform: string;
  readonly memoryGiB: number;
}

/** Describes this machine. */
export function describeMachine(): MachineInfo {
  return {
    processors: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    nodeVersion: process.version,
    platform: `${process.platform} ${process.arch}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
}

/** Formats the machine description as one line. */
export function formatMachine(machine: MachineInfo): string {
  return (
    `${machine.processors} processors, ${machine.cpuModel}, ` +
    `${machine.memoryGiB} GiB, Node.js ${machine.nodeVersion}, ` +
    machine.platform
  );
}
