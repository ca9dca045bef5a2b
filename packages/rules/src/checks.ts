import { patternToRegExp } from "./route.js";
import type { RulesFile } from "./schema.js";

/** A problem found after the schema passed, located by its document path. */
export interface SemanticIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

function quoteList(values: Iterable<string>): string {
  return [...values].join(", ");
}

/** Reports every entry of `values` that repeats an earlier one. */
function findRepeats(
  values: readonly string[],
  pathOf: (index: number) => (string | number)[],
  entryKind: string,
  issues: SemanticIssue[],
): void {
  const firstIndex = new Map<string, number>();
  values.forEach((value, index) => {
    const first = firstIndex.get(value);
    if (first === undefined) {
      firstIndex.set(value, index);
      return;
    }
    issues.push({
      path: pathOf(index),
      message: `duplicate ${entryKind} "${value}" (first given at index ${first})`,
    });
  });
}

/** Lists every event type that the detection rules and fallback can produce. */
export function possibleEventTypes(rules: RulesFile): string[] {
  const types = new Set<string>();
  for (const rule of rules.detection) {
    if (rule.envelope !== undefined) {
      const actions = new Set(Object.values(rule.envelope.operations));
      if (rule.envelope.soft_delete !== undefined) {
        actions.add(rule.envelope.soft_delete.action);
      }
      for (const entity of Object.values(rules.entities)) {
        for (const action of actions) {
          types.add(`${entity.event_name}_${action}`);
        }
      }
    }
    const nestedEntity =
      rule.nested === undefined ? undefined : rules.entities[rule.nested.key];
    if (rule.nested !== undefined && nestedEntity !== undefined) {
      for (const candidate of rule.nested.cases) {
        types.add(`${nestedEntity.event_name}_${candidate.action}`);
      }
    }
  }
  types.add(rules.fallback_event_type);

  return [...types].sort();
}

function checkEntities(rules: RulesFile, issues: SemanticIssue[]): void {
  const names = Object.keys(rules.entities);
  const eventNames = names.map(
    (name) => rules.entities[name]?.event_name ?? "",
  );
  findRepeats(
    eventNames,
    (index) => ["entities", names[index] as string, "event_name"],
    "event_name",
    issues,
  );
  for (const name of names) {
    const strip = rules.entities[name]?.strip ?? [];
    findRepeats(
      strip,
      (index) => ["entities", name, "strip", index],
      `field in the strip list of ${name}:`,
      issues,
    );
  }
}

function checkDetection(rules: RulesFile, issues: SemanticIssue[]): void {
  findRepeats(
    rules.detection.map((rule) => rule.name),
    (index) => ["detection", index, "name"],
    "detection rule name",
    issues,
  );
  const entityNames = Object.keys(rules.entities);
  rules.detection.forEach((rule, index) => {
    const kinds = [rule.envelope, rule.nested].filter(
      (kind) => kind !== undefined,
    );
    if (kinds.length !== 1) {
      const found = kinds.length === 0 ? "neither" : "both";
      issues.push({
        path: ["detection", index],
        message: `expected exactly one of "envelope" or "nested", found ${found}`,
      });
    }
    const softDelete = rule.envelope?.soft_delete;
    if (
      softDelete !== undefined &&
      !Object.hasOwn(rule.envelope?.operations ?? {}, softDelete.operation)
    ) {
      issues.push({
        path: ["detection", index, "envelope", "soft_delete", "operation"],
        message:
          "expected one of the envelope's operations " +
          `(${quoteList(Object.keys(rule.envelope?.operations ?? {}))}), ` +
          `found "${softDelete.operation}"`,
      });
    }
    if (rule.nested !== undefined && !entityNames.includes(rule.nested.key)) {
      issues.push({
        path: ["detection", index, "nested", "key"],
        message:
          `expected one of the entities (${quoteList(entityNames)}), ` +
          `found "${rule.nested.key}"`,
      });
    }
  });
}

function checkRouting(rules: RulesFile, issues: SemanticIssue[]): void {
  const { targets, routes } = rules.routing;
  findRepeats(
    targets,
    (index) => ["routing", "targets", index],
    "target",
    issues,
  );

  const declared = new Set(targets);
  const expectedTargets = `expected one of the declared targets (${quoteList(targets)})`;
  routes.forEach((route, index) => {
    if (!declared.has(route.target)) {
      issues.push({
        path: ["routing", "routes", index, "target"],
        message: `${expectedTargets}, found "${route.target}"`,
      });
    }
  });
  if (!declared.has(rules.routing.default)) {
    issues.push({
      path: ["routing", "default"],
      message: `${expectedTargets}, found "${rules.routing.default}"`,
    });
  }

  const patterns = routes.flatMap((route, routeIndex) =>
    route.event_types.map((pattern, index) => ({ pattern, routeIndex, index })),
  );
  findRepeats(
    patterns.map((entry) => entry.pattern),
    (position) => {
      const entry = patterns[position];
      return [
        "routing",
        "routes",
        entry?.routeIndex ?? 0,
        "event_types",
        entry?.index ?? 0,
      ];
    },
    "event type pattern",
    issues,
  );

  const eventTypes = possibleEventTypes(rules);
  for (const entry of patterns) {
    const regExp = patternToRegExp(entry.pattern);
    if (!eventTypes.some((eventType) => regExp.test(eventType))) {
      issues.push({
        path: [
          "routing",
          "routes",
          entry.routeIndex,
          "event_types",
          entry.index,
        ],
        message:
          `pattern "${entry.pattern}" matches no event type the detection ` +
          `rules produce (${quoteList(eventTypes)})`,
      });
    }
  }
}

/** Checks what the schema cannot: repeats and references between sections. */
export function checkRules(rules: RulesFile): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  checkEntities(rules, issues);
  checkDetection(rules, issues);
  checkRouting(rules, issues);

  return issues;
}
