import { describe, expect, it } from "vitest";
import { temporaryFolder } from "./support/local-data.js";
import { serveUntilExit } from "./support/serve-process.js";

describe("axentra serve --request-timeout-seconds", () => {
  it("is described in the help", async () => {
    const help = await serveUntilExit(["--help"]);

    expect(help.code).toBe(0);
    expect(help.stdout).toContain(
      "  --request-timeout-seconds N\n" +
        "                            time a client has to send a whole request; a slower\n" +
        "                            one gets 408 and the connection closes (default: 10)\n",
    );
  });

  it.each(["0", "3601", "1.5", "ten"])(
    "rejects %s before start-up",
    async (value) => {
      const dataDir = await temporaryFolder();

      const start = await serveUntilExit([
        "--data-dir",
        dataDir,
        "--request-timeout-seconds",
        value,
      ]);

      expect(start.code).toBe(2);
      expect(start.stdout).toBe("");
      expect(start.stderr).toBe(
        `axentra serve: invalid --request-timeout-seconds "${value}"; ` +
          "expected a whole number from 1 to 3600\n" +
          "Run axentra serve --help for usage.\n",
      );
    },
  );
});
