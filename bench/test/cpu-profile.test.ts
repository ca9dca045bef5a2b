import { describe, expect, it } from "vitest";
import { type CpuProfile, summarizeProfile } from "../src/cpu-profile.js";

const frame = (functionName: string, url: string) => ({
  functionName,
  url,
  lineNumber: 0,
});

/**
 * A call tree of root → ingest (pipeline.js) → encode (native, no URL),
 * root → (garbage collector), and root → parse (json-parse.js).
 */
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)", ""), children: [2, 4, 5] },
    {
      id: 2,
      callFrame: frame("ingest", "file:///repo/packages/core/dist/pipeline.js"),
      children: [3],
    },
    { id: 3, callFrame: frame("encodeUtf8String", "") },
    { id: 4, callFrame: frame("(garbage collector)", "") },
    {
      id: 5,
      callFrame: frame(
        "parse",
        "file:///repo/packages/core/dist/json-parse.js",
      ),
    },
  ],
  samples: [2, 3, 3, 4, 5],
  timeDeltas: [10, 20, 20, 30, 20],
};

describe("summarizeProfile", () => {
  it("charges native frames to their script caller", () => {
    const shares = summarizeProfile(PROFILE, [
      {
        category: "pipeline",
        matches: (charged) => charged.url.endsWith("pipeline.js"),
      },
      {
        category: "gc",
        matches: (charged) => charged.functionName === "(garbage collector)",
      },
    ]);

    expect(shares.categories).toEqual([
      { category: "pipeline", percent: 50 },
      { category: "gc", percent: 30 },
      { category: "other", percent: 20 },
    ]);
    expect(shares.functions[0]).toEqual({
      name: "ingest core/dist/pipeline.js:1",
      percent: 50,
    });
  });

  it("lets a rule match the sampled native frame", () => {
    const shares = summarizeProfile(PROFILE, [
      {
        category: "encoding",
        matches: (_charged, sampled) =>
          sampled.functionName === "encodeUtf8String",
      },
    ]);

    expect(shares.categories).toEqual([
      { category: "other", percent: 60 },
      { category: "encoding", percent: 40 },
    ]);
  });
});
