import { describe, expect, it } from "vitest";
import { itemBytes, writeUnitsFor } from "../src/aws/item-size.js";

describe("itemBytes", () => {
  it("counts names and UTF-8 string values", () => {
    expect(itemBytes({ name: { S: "héllo" } })).toBe(4 + 6);
  });

  it("counts a number as one byte per two digits plus one", () => {
    expect(itemBytes({ n: { N: "12345" } })).toBe(1 + 3 + 1);
    expect(itemBytes({ n: { N: "0" } })).toBe(1 + 1);
  });

  it("counts booleans and nulls as one byte", () => {
    expect(itemBytes({ b: { BOOL: true }, z: { NULL: true } })).toBe(4);
  });

  it("adds list and map overhead", () => {
    expect(itemBytes({ l: { L: [{ S: "ab" }, { S: "c" }] } })).toBe(
      1 + 3 + (1 + 2) + (1 + 1),
    );
    expect(itemBytes({ m: { M: { k: { S: "v" } } } })).toBe(1 + 3 + 2);
  });
});

describe("writeUnitsFor", () => {
  it("bills one unit per started kilobyte", () => {
    expect(writeUnitsFor(0)).toBe(1);
    expect(writeUnitsFor(1024)).toBe(1);
    expect(writeUnitsFor(1025)).toBe(2);
  });
});
