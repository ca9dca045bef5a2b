import { resolve } from "node:path";
import { loadRulesFile, type Rules } from "@axentra/rules";

/** Help line of the --rules flag. */
export const RULES_HELP =
  "  --rules FILE              rules file (default: $AXENTRA_RULES_FILE or rules.yaml)";

/** Resolves the rules file of a command. */
export function rulesPathOf(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): string {
  return resolve(flag ?? env.AXENTRA_RULES_FILE ?? "rules.yaml");
}

/** Loads the rules file of a command; throws the rules package's errors. */
export function loadRules(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Rules> {
  return loadRulesFile(rulesPathOf(flag, env));
}
