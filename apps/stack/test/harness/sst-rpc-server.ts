import { mkdir, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/** Arguments that SST's Function component sends to `Runtime.Build`. */
export interface BuildRequest {
  functionID: string;
  handler: string;
  runtime: string;
  copyFiles: { from: string; to: string; isDir: boolean }[];
  /** The function's `nodejs` settings and its architecture. */
  properties: { architecture?: string; minify?: boolean };
}

/** A loopback stand-in for the RPC server of the `sst` CLI. */
export interface SstRpcServer {
  /** Base URL for `SST_SERVER`, on 127.0.0.1. */
  url: string;
  /** Every `Runtime.Build` request, in arrival order. */
  builds: BuildRequest[];
  close(): Promise<void>;
}

/** Bucket name that `Provider.Aws.Bootstrap` returns for code uploads. */
export const BOOTSTRAP_ASSET_BUCKET = "sst-asset-mock";

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }

  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

/**
 * Starts a loopback server for the two RPC methods that SST components
 * call while a stack is built: `Provider.Aws.Bootstrap` (the bootstrap
 * bucket, which needs an AWS account) and `Runtime.Build` (esbuild inside
 * the `sst` binary, which runs only during `sst deploy`). The build returns
 * a placeholder bundle in `workDir`; the handler code is not bundled. Any
 * other method gets the error that the real server returns.
 */
export async function startSstRpcServer(
  workDir: string,
): Promise<SstRpcServer> {
  const builds: BuildRequest[] = [];

  async function answer(method: string, args: unknown): Promise<unknown> {
    if (method === "Provider.Aws.Bootstrap") {
      return {
        asset: BOOTSTRAP_ASSET_BUCKET,
        assetEcrRegistryId: "123456789012",
        assetEcrUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/sst-asset",
        state: "sst-state-mock",
        appsyncHttp: "",
        appsyncRealtime: "",
      };
    }

    if (method === "Runtime.Build") {
      const build = args as BuildRequest;
      builds.push(build);
      const out = join(workDir, "artifacts", `${build.functionID}-src`);
      await mkdir(out, { recursive: true });
      await writeFile(
        join(out, "bundle.mjs"),
        "export const handler = async () => ({});\n",
      );

      return { handler: "bundle.handler", out, errors: [], sourcemaps: [] };
    }

    throw new Error(`rpc: can't find method ${method}`);
  }

  const server = createServer((request, response) => {
    readJson(request)
      .then((body) => {
        const { method, params } = body as {
          method: string;
          params: unknown[];
        };

        return answer(method, params[0]);
      })
      .then(
        (result) => ({ result }),
        (error: unknown) => ({ error: String((error as Error).message) }),
      )
      .then((reply) => {
        response.writeHead(200, { "Content-Type": "application/json" });
        response.end(JSON.stringify(reply));
      });
  });

  await new Promise<void>((resolve) => {
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    builds,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
