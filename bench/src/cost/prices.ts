/** A published price with where it was read. */
export interface Price {
  /** US dollars per `per` units. */
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  /** Pages the price was read from. */
  readonly sources: readonly string[];
}

/** Region the prices apply to. */
export const PRICE_REGION = "us-east-1 (US East, N. Virginia)";

/** Date the pages below were read. */
export const PRICES_READ_ON = "2026-12-04";

/**
 * On-demand prices in us-east-1, without free tiers or savings plans.
 *
 * NOTE: the stored copies of the AWS pricing pages (aws.amazon.com/lambda,
 * /s3, /dynamodb/pricing/on-demand and /eventbridge/pricing) render their
 * rate tables client-side and show no rate, so most rates here come from
 * the secondary pages listed with them. Check the AWS pages before using
 * these figures for a budget.
 */
export const PRICES = {
  lambdaRequest: {
    usd: 0.2,
    per: 1_000_000,
    unit: "requests",
    sources: [
      "https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html",
    ],
  },
  /** Arm (Graviton), first pricing tier; the stack's functions are arm64. */
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    per: 1,
    unit: "GB-second",
    sources: [
      "https://cloudchipr.com/blog/aws-lambda-pricing",
      "https://aws.amazon.com/lambda/pricing/ (billing in 1 ms steps; no rate in the stored copy)",
    ],
  },
  s3Put: {
    usd: 0.005,
    per: 1_000,
    unit: "PUT, COPY, POST or LIST requests (S3 Standard)",
    sources: [
      "https://c3x.dev/blog/s3-request-fees-explained",
      "https://devnotes.tech/understanding-aws-s3-pricing-a-complete-cost-breakdown-with-examples",
    ],
  },
  s3Get: {
    usd: 0.0004,
    per: 1_000,
    unit: "GET, HEAD and other requests (S3 Standard)",
    sources: ["https://c3x.dev/blog/s3-request-fees-explained"],
  },
  dynamoDbWrite: {
    usd: 0.625,
    per: 1_000_000,
    unit: "on-demand write request units (1 KB each)",
    sources: [
      "https://airbyte.com/data-engineering-resources/dynamodb-pricing",
      "https://aws.amazon.com/dynamodb/pricing/on-demand/ (unit definitions; no rate in the stored copy)",
    ],
  },
  dynamoDbRead: {
    usd: 0.125,
    per: 1_000_000,
    unit: "on-demand read request units (4 KB strongly consistent, 2 eventually consistent reads)",
    sources: [
      "https://airbyte.com/data-engineering-resources/dynamodb-pricing",
    ],
  },
  eventBridgeEvent: {
    usd: 1,
    per: 1_000_000,
    unit: "custom events published, each 64 KB chunk billed as one event",
    sources: [
      "https://cloudburn.io/blog/amazon-eventbridge-pricing",
      "https://aws.amazon.com/eventbridge/pricing/ (64 KB chunk rule; no rate in the stored copy)",
    ],
  },
} as const satisfies Record<string, Price>;

/** The price table the cost model reads. */
export type PriceTable = { readonly [K in keyof typeof PRICES]: Price };

/** Returns the price of `quantity` units. */
export function priceOf(price: Price, quantity: number): number {
  return (price.usd / price.per) * quantity;
}
