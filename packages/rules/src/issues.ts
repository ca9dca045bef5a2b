import type * as z from "zod/mini";

/** Describes a found value for a message: `number 42`, `string "x"`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === undefined) {
    return "nothing";
  }
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "a list";
  }
  if (typeof value === "object") {
    return "a map";
  }
  if (typeof value === "string") {
    return `string ${JSON.stringify(value)}`;
  }

  return `${typeof value} ${String(value)}`;
}

const EXPECTED_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a map",
  record: "a map",
};

type AnySchema = z.core.$ZodType;

/** Unwraps optional and default wrappers. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: AnySchema };
    if ((def.type === "optional" || def.type === "default") && def.innerType) {
      current = def.innerType;
    } else {
      return current;
    }
  }
}

/** Finds the schema of the value at `path`, or undefined. */
function schemaAt(
  root: AnySchema,
  path: readonly PropertyKey[],
): AnySchema | undefined {
  let current: AnySchema | undefined = unwrap(root);
  for (const segment of path) {
    if (current === undefined) {
      return undefined;
    }
    const def = current._zod.def as {
      type: string;
      shape?: Record<string, AnySchema>;
      element?: AnySchema;
      valueType?: AnySchema;
    };
    let next: AnySchema | undefined;
    if (def.type === "object") {
      next = def.shape?.[String(segment)];
    } else if (def.type === "array") {
      next = def.element;
    } else if (def.type === "record") {
      next = def.valueType;
    }
    current = next === undefined ? undefined : unwrap(next);
  }

  return current;
}

/** Lists the keys the map at `path` accepts. */
export function allowedKeys(
  root: AnySchema,
  path: readonly PropertyKey[],
): string[] {
  const schema = schemaAt(root, path);
  const def = schema?._zod.def as { type: string; shape?: object } | undefined;

  return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

/** Writes what was expected and what was found for one zod issue. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const found = describeValue(issue.input);
  switch (issue.code) {
    case "invalid_type": {
      const expected = EXPECTED_NAMES[issue.expected] ?? issue.expected;
      return issue.input === undefined
        ? `missing; expected ${expected}`
        : `expected ${expected}, found ${found}`;
    }
    case "too_small":
      return issue.origin === "array"
        ? `expected at least ${issue.minimum} item(s), found none`
        : `expected a non-empty string, found ${found}`;
    case "invalid_format":
      return `${issue.message}, found ${found}`;
    case "invalid_value":
      return `expected ${issue.values.map((value) => JSON.stringify(value)).join(" or ")}, found ${found}`;
    default:
      return `${issue.message}, found ${found}`;
  }
}
