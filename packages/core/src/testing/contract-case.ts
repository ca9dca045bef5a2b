import { it } from "vitest";

/** Test body of one contract case. */
export type CaseBody = () => Promise<void>;

/**
 * Returns a function that defines one contract case as a vitest test, or as
 * a skipped test whose name carries the reason when `skip` lists its id.
 */
export function caseDefiner<Id extends string>(
  skip: Partial<Record<Id, string>> | undefined,
): (id: Id, title: string, body: CaseBody) => void {
  return (id, title, body) => {
    const reason = skip?.[id];
    if (reason === undefined) it(title, body);
    else it.skip(`${title} (skipped: ${reason})`, body);
  };
}

/** Returns what `promise` rejects with, and fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}
