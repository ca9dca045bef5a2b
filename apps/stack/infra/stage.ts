/**
 * Tells whether a stage name names a production stage: `production`, `prod`, or
 * a name that starts with `prod-` (`prod-eu`), in any letter case. This is
 * the only place that decides it. `sst.config.ts` protects and retains
 * exactly these stages, and the infra files turn on Object Lock, deletion
 * protection and bucket retention for them through `isProduction()`.
 *
 * It reads no SST global, so `app()` in `sst.config.ts` can call it before
 * `$app` exists. The CLI passes `app()` no stage (`undefined`, despite the
 * type) when a command runs without one; that is not production.
 */
export function isProductionStage(stage: string | undefined): boolean {
  const name = stage?.toLowerCase() ?? "";

  return name === "production" || name === "prod" || name.startsWith("prod-");
}

/** Tells whether the stage being deployed (`$app.stage`) is a production stage. */
export function isProduction(): boolean {
  return isProductionStage($app.stage);
}

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
