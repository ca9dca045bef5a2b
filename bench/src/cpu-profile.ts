import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** A call frame of a V8 CPU profile (`.cpuprofile`, as `--cpu-prof` writes). */
export interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

/** A node of a V8 CPU profile's call tree. */
export interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

/** The parts of a V8 CPU profile that the summary reads. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  /** Node id of each sample. */
  readonly samples: readonly number[];
  /** Microseconds since the previous sample, one per sample. */
  readonly timeDeltas: readonly number[];
}

/** A share of the profiled self time. */
export interface TimeShare {
  readonly percent: number;
}

/** Self time by category and by function, largest first. */
export interface ProfileShares {
  readonly categories: (TimeShare & { readonly category: string })[];
  readonly functions: (TimeShare & { readonly name: string })[];
}

/**
 * Decides the category of a sample from the frame its time is charged to
 * and from the sampled frame itself, which differ for native code.
 */
export interface CategoryRule {
  readonly category: string;
  readonly matches: (charged: CallFrame, sampled: CallFrame) => boolean;
}

/** Frames V8 adds that stand for no script: they keep their own names. */
const SYNTHETIC_FRAMES = new Set([
  "(garbage collector)",
  "(program)",
  "(idle)",
  "(root)",
]);

function frameName(frame: CallFrame): string {
  const file = frame.url.split("/").slice(-3).join("/");
  const name = frame.functionName === "" ? "(anonymous)" : frame.functionName;

  return file === "" ? name : `${name} ${file}:${frame.lineNumber + 1}`;
}

/**
 * Finds, for every node, the frame its self time is charged to: the node
 * itself when it has a script URL or is a synthetic frame, else its nearest
 * ancestor that has one. A native helper such as a UTF-8 encoder then
 * counts toward the script function that called it.
 */
function chargedFrames(nodes: readonly ProfileNode[]): Map<number, CallFrame> {
  const parents = new Map<number, number>();
  for (const node of nodes) {
    for (const child of node.children ?? []) {
      parents.set(child, node.id);
    }
  }
  const byId = new Map(nodes.map((node) => [node.id, node]));

  const charged = new Map<number, CallFrame>();
  for (const node of nodes) {
    let current: ProfileNode | undefined = node;
    while (
      current !== undefined &&
      current.callFrame.url === "" &&
      !SYNTHETIC_FRAMES.has(current.callFrame.functionName)
    ) {
      const parent = parents.get(current.id);
      current = parent === undefined ? undefined : byId.get(parent);
    }
    charged.set(node.id, current?.callFrame ?? node.callFrame);
  }

  return charged;
}

/**
 * Sums the self time of a profile by category (the first rule that
 * matches, else `other`) and by function, as percentages of all samples.
 */
export function summarizeProfile(
  profile: CpuProfile,
  rules: readonly CategoryRule[],
  topFunctions = 10,
): ProfileShares {
  const charged = chargedFrames(profile.nodes);
  const sampledFrames = new Map(
    profile.nodes.map((node) => [node.id, node.callFrame]),
  );
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;

  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const frame = charged.get(nodeId);
    const sampled = sampledFrames.get(nodeId);
    if (frame === undefined || sampled === undefined) {
      return;
    }
    const category =
      rules.find((rule) => rule.matches(frame, sampled))?.category ?? "other";
    const name = frameName(frame);
    byCategory.set(category, (byCategory.get(category) ?? 0) + delta);
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
    total += delta;
  });

  const percent = (value: number) => (total === 0 ? 0 : (value / total) * 100);
  const categories = [...byCategory]
    .map(([category, time]) => ({ category, percent: percent(time) }))
    .sort((a, b) => b.percent - a.percent);
  const functions = [...byFunction]
    .map(([name, time]) => ({ name, percent: percent(time) }))
    .sort((a, b) => b.percent - a.percent)
    .slice(0, topFunctions);

  return { categories, functions };
}

/**
 * Reads the one `.cpuprofile` file that `node --cpu-prof` wrote into
 * `folder`. Throws when there is none.
 */
export async function readCpuProfile(folder: string): Promise<CpuProfile> {
  const [file] = (await readdir(folder)).filter((name) =>
    name.endsWith(".cpuprofile"),
  );
  if (file === undefined) {
    throw new Error(`node --cpu-prof wrote no profile in ${folder}`);
  }

  return JSON.parse(await readFile(join(folder, file), "utf8")) as CpuProfile;
}
