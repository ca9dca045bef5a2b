import { createServer } from "node:net";

/**
 * Finds a free TCP port on 127.0.0.1 by binding port 0 and closing it. The
 * port is free when this returns; another process may still take it before
 * the caller binds it.
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === "string") {
          reject(new Error("the probe server reported no TCP port"));
          return;
        }
        resolve(address.port);
      });
    });
  });
}
