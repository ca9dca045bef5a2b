import { type PriceTable, priceOf } from "./prices.js";

/** One Lambda invocation per event. */
export interface FunctionUsage {
  readonly name: string;
  readonly durationMs: number;
  readonly memoryMb: number;
}

/** Quantities of each billed service that one event uses. */
export interface EventUsage {
  readonly functions: readonly FunctionUsage[];
  readonly s3Puts: number;
  readonly s3Gets: number;
  readonly writeUnits: number;
  readonly readUnits: number;
  /** EventBridge custom events billed: 64 KB chunks of every entry. */
  readonly busEvents: number;
}

/** One line of a bill. */
export interface CostLine {
  readonly item: string;
  readonly usdPerMillion: number;
}

/** The bill of one million events. */
export interface MillionEventCost {
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
}

const MILLION = 1_000_000;

/**
 * Returns the billed duration of one invocation in GB-seconds: Lambda
 * rounds the duration up to the next millisecond and multiplies it by the
 * configured memory.
 */
export function gbSeconds(durationMs: number, memoryMb: number): number {
  return (Math.ceil(durationMs) / 1000) * (memoryMb / 1024);
}

/** Prices one million events of the same usage, line by line. */
export function costPerMillion(
  usage: EventUsage,
  prices: PriceTable,
): MillionEventCost {
  const lines: CostLine[] = [
    {
      item: "Lambda requests",
      usdPerMillion: priceOf(
        prices.lambdaRequest,
        usage.functions.length * MILLION,
      ),
    },
    ...usage.functions.map((fn) => ({
      item:
        `Lambda duration, ${fn.name} (${fn.memoryMb} MB, ` +
        `${Math.ceil(fn.durationMs)} ms billed)`,
      usdPerMillion: priceOf(
        prices.lambdaArmGbSecond,
        gbSeconds(fn.durationMs, fn.memoryMb) * MILLION,
      ),
    })),
    {
      item: `S3 PUT (${usage.s3Puts} per event)`,
      usdPerMillion: priceOf(prices.s3Put, usage.s3Puts * MILLION),
    },
    {
      item: `S3 GET (${usage.s3Gets} per event)`,
      usdPerMillion: priceOf(prices.s3Get, usage.s3Gets * MILLION),
    },
    {
      item: `DynamoDB writes (${usage.writeUnits} WRU per event)`,
      usdPerMillion: priceOf(prices.dynamoDbWrite, usage.writeUnits * MILLION),
    },
    {
      item: `DynamoDB reads (${usage.readUnits} RRU per event)`,
      usdPerMillion: priceOf(prices.dynamoDbRead, usage.readUnits * MILLION),
    },
    {
      item: `EventBridge custom events (${usage.busEvents} per event)`,
      usdPerMillion: priceOf(
        prices.eventBridgeEvent,
        usage.busEvents * MILLION,
      ),
    },
  ];

  return {
    lines,
    totalUsd: lines.reduce((sum, line) => sum + line.usdPerMillion, 0),
  };
}

/**
 * Returns what `extraMs` more per invocation of a function with
 * `memoryMb` adds to the bill of one million events, to show how much the
 * measured durations matter.
 */
export function durationSensitivity(
  extraMs: number,
  memoryMb: number,
  prices: PriceTable,
): number {
  return priceOf(
    prices.lambdaArmGbSecond,
    gbSeconds(extraMs, memoryMb) * MILLION,
  );
}
