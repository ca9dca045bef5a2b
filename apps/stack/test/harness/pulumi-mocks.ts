import type * as pulumi from "@pulumi/pulumi";

/** Account id in every mocked ARN. */
export const ACCOUNT_ID = "123456789012";

/** Region in every mocked ARN. */
export const REGION = "us-east-1";

/** A resource that the program registered, with its resolved inputs. */
export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** What the mocks reported back: the inputs plus ARN, URL and so on. */
  state: Record<string, unknown>;
}

/** An IAM policy statement in the JSON form that AWS stores. */
export interface IamStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

interface PolicyDocumentStatement {
  effect?: string;
  actions?: string[];
  resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

function arnOf(type: string, inputs: Record<string, unknown>): string {
  const name = String(inputs.name ?? "");
  const account = `${REGION}:${ACCOUNT_ID}`;

  switch (type) {
    case "aws:s3/bucket:Bucket":
      return `arn:aws:s3:::${String(inputs.bucket)}`;
    case "aws:lambda/function:Function":
      return `arn:aws:lambda:${account}:function:${name}`;
    case "aws:sqs/queue:Queue":
      return `arn:aws:sqs:${account}:${name}`;
    case "aws:sns/topic:Topic":
      return `arn:aws:sns:${account}:${name}`;
    case "aws:dynamodb/table:Table":
      return `arn:aws:dynamodb:${account}:table/${name}`;
    case "aws:cloudwatch/eventBus:EventBus":
      return `arn:aws:events:${account}:event-bus/${name}`;
    case "aws:cloudwatch/eventRule:EventRule":
      return `arn:aws:events:${account}:rule/${String(inputs.eventBusName)}/${name}`;
    case "aws:iam/role:Role":
      return `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;
    default:
      return `arn:aws:mock:${account}:${type}/${name}`;
  }
}

/**
 * Returns the state that AWS would report for a new resource: its inputs
 * plus the attributes that SST components read (ARN, URL, version).
 */
function stateOf(
  type: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const state: Record<string, unknown> = {
    ...inputs,
    arn: arnOf(type, inputs),
  };

  if (type === "aws:lambda/function:Function") {
    state.qualifiedArn = `${String(state.arn)}:$LATEST`;
    state.invokeArn = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${String(state.arn)}/invocations`;
    state.version = "$LATEST";
  }
  if (type === "aws:sqs/queue:Queue") {
    state.url = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT_ID}/${String(inputs.name)}`;
  }
  if (type === "aws:lambda/functionUrl:FunctionUrl") {
    state.functionUrl = `https://${String(inputs.functionName)}.lambda-url.${REGION}.on.aws/`;
  }
  if (type === "random:index/randomBytes:RandomBytes") {
    state.base64 = Buffer.alloc(32, 1).toString("base64");
    state.hex = Buffer.alloc(32, 1).toString("hex");
  }

  return state;
}

/**
 * Renders `aws.iam.getPolicyDocument` statements as IAM JSON, as the AWS
 * provider does: capitalised effect, principals grouped by type, and
 * conditions grouped by operator and key.
 */
export function renderPolicyDocument(
  statements: PolicyDocumentStatement[],
): string {
  const rendered = statements.map((statement) => {
    const result: IamStatement = {
      Effect: statement.effect ?? "Allow",
      Action: statement.actions ?? [],
      Resource: statement.resources ?? [],
    };

    if (statement.principals) {
      const wildcard = statement.principals.some((p) => p.type === "*");
      result.Principal = wildcard
        ? "*"
        : Object.fromEntries(
            statement.principals.map((p) => [p.type, p.identifiers]),
          );
    }

    if (statement.conditions) {
      const conditions: Record<string, Record<string, unknown>> = {};
      for (const condition of statement.conditions) {
        const byKey = conditions[condition.test] ?? {};
        byKey[condition.variable] = condition.values;
        conditions[condition.test] = byKey;
      }
      result.Condition = conditions;
    }

    return result;
  });

  return JSON.stringify({ Version: "2012-10-17", Statement: rendered });
}

/**
 * Builds Pulumi mocks that record every resource and return results for
 * the provider functions that SST components call. An unexpected provider function makes
 * the deployment fail, so a new dependency on AWS cannot go unnoticed.
 */
export function createMocks(
  resources: RecordedResource[],
): pulumi.runtime.Mocks {
  return {
    newResource(args) {
      const inputs = args.inputs as Record<string, unknown>;
      const state = stateOf(args.type, inputs);
      resources.push({ type: args.type, name: args.name, inputs, state });

      return { id: `${args.name}-id`, state };
    },
    call(args) {
      switch (args.token) {
        case "aws:index/getRegion:getRegion":
          return { id: REGION, name: REGION, region: REGION };
        case "aws:index/getPartition:getPartition":
          return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com" };
        case "aws:index/getCallerIdentity:getCallerIdentity":
          return {
            id: ACCOUNT_ID,
            accountId: ACCOUNT_ID,
            arn: `arn:aws:iam::${ACCOUNT_ID}:user/mock`,
            userId: "mock",
          };
        case "aws:iam/getPolicyDocument:getPolicyDocument": {
          const statements = (args.inputs.statements ??
            []) as PolicyDocumentStatement[];

          return {
            id: "policy",
            json: renderPolicyDocument(statements),
            statements,
          };
        }
        default:
          throw new Error(`Unexpected provider function ${args.token}`);
      }
    },
  };
}
