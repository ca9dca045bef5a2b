import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
} from "yaml";

/** A 1-based line and column, or zeros when there is no place. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

const PLAIN_SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Formats a document path: `entities.products.strip[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") {
      text += `[${segment}]`;
    } else if (PLAIN_SEGMENT.test(String(segment))) {
      text += text === "" ? String(segment) : `.${String(segment)}`;
    } else {
      text += `[${JSON.stringify(String(segment))}]`;
    }
  }

  return text;
}

function positionOf(
  node: Node | null | undefined,
  lines: LineCounter,
): Position {
  const offset = node?.range?.[0];
  if (offset === undefined) {
    return { line: 0, column: 0 };
  }
  const { line, col } = lines.linePos(offset);

  return { line, column: col };
}

/**
 * Finds the position of `path` in the document. With `key`, points at that
 * key of the map at `path`. A path that does not exist resolves to its
 * deepest existing part, so a missing key points at the map that lacks it.
 */
export function locate(
  document: Document,
  lines: LineCounter,
  path: readonly PropertyKey[],
  key?: string,
): Position {
  let node = document.contents as Node | null;
  const segments = key === undefined ? path : [...path, key];
  for (const [index, segment] of segments.entries()) {
    const isLast = index === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) =>
          isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) {
        break;
      }
      if (isLast && key !== undefined) {
        return positionOf(pair.key as Node, lines);
      }
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as Node | undefined;
      if (item === undefined) {
        break;
      }
      node = item;
    } else {
      break;
    }
  }

  return positionOf(node, lines);
}

/** A key that repeats an earlier key of the same map. */
export interface DuplicateKey {
  readonly path: readonly PropertyKey[];
  readonly key: string;
  readonly position: Position;
  readonly first: Position;
}

/** Finds every repeated key in every map of the document. */
export function findDuplicateKeys(
  document: Document,
  lines: LineCounter,
): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const visit = (node: unknown, path: PropertyKey[]): void => {
    if (isMap(node)) {
      const seen = new Map<string, Position>();
      for (const pair of node.items) {
        const key = isScalar(pair.key)
          ? String(pair.key.value)
          : String(pair.key);
        const position = positionOf(pair.key as Node, lines);
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, position);
          visit(pair.value, [...path, key]);
        } else {
          found.push({ path, key, position, first });
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        visit(item, [...path, index]);
      });
    }
  };
  visit(document.contents, []);

  return found;
}
