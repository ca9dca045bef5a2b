/**
 * Deletes the field at a path as the rules report stripped fields
 * (`record.created_at`, `products[0].image_url`, `a["odd key"]`) from a
 * parsed JSON value. Throws when the path does not lead to a field.
 */
export function deleteAtPath(root: unknown, path: string): void {
  const segments: (string | number)[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const match of path.matchAll(pattern)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(match[3]));
  }

  const last = segments.pop();
  let parent: unknown = root;
  for (const segment of segments) {
    parent = (parent as Record<string | number, unknown>)[segment];
  }
  if (
    last === undefined ||
    typeof parent !== "object" ||
    parent === null ||
    !(last in parent)
  ) {
    throw new Error(`no field at path ${path}`);
  }
  delete (parent as Record<string | number, unknown>)[last];
}
