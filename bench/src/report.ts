/** Direction of a goal: the figure must be at most, at least or below the limit. */
export type GoalComparison = "at most" | "at least" | "below";

/** A goal a figure is checked against. */
export interface Goal {
  readonly comparison: GoalComparison;
  readonly limit: number;
  /** Unit shown after the numbers, such as `x` for a ratio. */
  readonly unit: string;
}

/** One figure of a part: its value, the goal, and whether the goal is met. */
export interface Figure {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly goal?: Goal;
  /** Baseline the value is measured against, such as `floor` or `node:http`. */
  readonly baseline?: string;
}

/** Returns whether `value` meets `goal`. */
export function meetsGoal(value: number, goal: Goal): boolean {
  switch (goal.comparison) {
    case "at most":
      return value <= goal.limit;
    case "at least":
      return value >= goal.limit;
    case "below":
      return value < goal.limit;
  }
}

const GOAL_SIGNS: Record<GoalComparison, string> = {
  "at most": "<=",
  "at least": ">=",
  below: "<",
};

/** Formats a number with `digits` decimals, or as an integer when whole. */
export function formatNumber(value: number, digits = 2): string {
  if (Number.isInteger(value)) {
    return value.toLocaleString("en-US");
  }

  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Formats a figure as one report line, with its goal and the verdict. */
export function formatFigure(figure: Figure): string {
  const value = `${formatNumber(figure.value)}${figure.unit}`;
  const baseline = figure.baseline ? ` (vs ${figure.baseline})` : "";
  if (figure.goal === undefined) {
    return `  ${figure.label}: ${value}${baseline}`;
  }

  const goal = figure.goal;
  const verdict = meetsGoal(figure.value, goal) ? "met" : "MISSED";
  const target = `${GOAL_SIGNS[goal.comparison]} ${formatNumber(goal.limit)}${goal.unit}`;

  return `  ${figure.label}: ${value}${baseline}   goal ${target}: ${verdict}`;
}
