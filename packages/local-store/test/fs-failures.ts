import {
  nodeFileSystem,
  type ObjectFileSystem,
  type OpenFile,
} from "../src/file-system.js";

/** Creates an error shaped like a Node.js system error, such as ENOSPC. */
export function systemError(code: string, syscall: string): Error {
  return Object.assign(new Error(`${code}: injected failure, ${syscall}`), {
    code,
    syscall,
  });
}

/** Calls that `failingFileSystem` can make fail. */
export type FailingCall =
  | "mkdir"
  | "open"
  | "writeFile"
  | "sync"
  | "close"
  | "link"
  | "readFile"
  | "readdir"
  | "syncFolder";

/**
 * Returns the real file system with one call rejecting with `error`.
 * `sync` fails the fsync of a temporary file, `syncFolder` the fsync of a
 * folder.
 */
export function failingFileSystem(
  call: FailingCall,
  error: Error,
): ObjectFileSystem {
  const fail = () => Promise.reject(error);

  return {
    ...nodeFileSystem,
    mkdir: call === "mkdir" ? fail : nodeFileSystem.mkdir,
    link: call === "link" ? fail : nodeFileSystem.link,
    readFile: call === "readFile" ? fail : nodeFileSystem.readFile,
    readdir: call === "readdir" ? fail : nodeFileSystem.readdir,
    open: async (path, flags, mode) => {
      if (call === "open") return fail();

      const file = await nodeFileSystem.open(path, flags, mode);
      const isFolder = flags === "r";
      return failingFile(
        file,
        (method) => {
          if (method === "sync" && isFolder) return call === "syncFolder";
          return method === call;
        },
        error,
      );
    },
  };
}

function failingFile(
  file: OpenFile,
  fails: (method: keyof OpenFile) => boolean,
  error: Error,
): OpenFile {
  return {
    writeFile: (data) =>
      fails("writeFile") ? Promise.reject(error) : file.writeFile(data),
    sync: () => (fails("sync") ? Promise.reject(error) : file.sync()),
    close: async () => {
      await file.close();
      if (fails("close")) throw error;
    },
  };
}
