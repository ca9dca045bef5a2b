/**
 * Returns the `p`-th percentile (0 to 100) of `values` by linear
 * interpolation between the closest ranks. Throws on an empty list, because
 * a benchmark without samples has nothing to report.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    throw new RangeError("cannot take a percentile of no values");
  }
  if (!(p >= 0 && p <= 100)) {
    throw new RangeError(`percentile ${p} is outside 0 to 100`);
  }

  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;

  return low + (high - low) * (rank - lower);
}

/** Returns the median of `values`. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * Returns the ratio of each measurement to the baseline measured in the
 * same round, so that drift between rounds cancels out.
 */
export function pairedRatios(
  measured: readonly number[],
  baseline: readonly number[],
): number[] {
  if (measured.length !== baseline.length) {
    throw new RangeError(
      `paired ratios need as many baselines as measurements; got ` +
        `${measured.length} and ${baseline.length}`,
    );
  }

  return measured.map((value, index) => value / (baseline[index] as number));
}
