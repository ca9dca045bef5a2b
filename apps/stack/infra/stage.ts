/**
 * Whether the current stage is a production stage. `sst.config.ts` protects
 * exactly the production stages, so the flag is read from `$app.protect`.
 */
export const isProduction: boolean = $app.protect;

/**
 * Builds a physical name that carries the app and the stage, for resources
 * that SST does not name itself.
 *
 * @throws Error when the name is longer than AWS allows for that resource.
 */
export function stageResourceName(suffix: string, maxLength: number): string {
  const name = `${$app.name}-${$app.stage}-${suffix}`;

  if (name.length > maxLength) {
    throw new Error(
      `Resource name "${name}" has ${name.length} characters, but AWS allows at most ${maxLength}. Deploy with a shorter stage name.`,
    );
  }

  return name;
}
