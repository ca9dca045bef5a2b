import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { STACK_DIR, TEST_WEBHOOK_SECRET } from "../harness/deploy";
import {
  findResource,
  isSecret,
  parsePolicy,
  unwrapSecrets,
} from "../harness/resources";
import type { LoadDeployment } from "./stage-expectations";

const REPO_ROOT = resolve(STACK_DIR, "../..");

const BASIC_EXECUTION_ROLE =
  "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

/** Declares the checks of both functions: settings, environment and IAM. */
export function describeFunctions(load: LoadDeployment): void {
  function lambda(component: string) {
    return findResource(
      load(),
      "aws:lambda/function:Function",
      `${component}Function`,
    );
  }

  function role(component: string) {
    return findResource(load(), "aws:iam/role:Role", `${component}Role`);
  }

  function arnOf(type: string, name: string): string {
    return String(findResource(load(), type, name).state.arn);
  }

  function axentraEnvironment(component: string): Record<string, unknown> {
    const environment = unwrapSecrets(lambda(component).inputs.environment) as {
      variables: Record<string, unknown>;
    };

    return Object.fromEntries(
      Object.entries(environment.variables).filter(([key]) =>
        key.startsWith("AXENTRA_"),
      ),
    );
  }

  function bucketName(component: string): unknown {
    return findResource(load(), "aws:s3/bucket:Bucket", `${component}Bucket`)
      .inputs.bucket;
  }

  function build(component: string) {
    const found = load().builds.find((item) => item.functionID === component);
    if (!found) {
      throw new Error(`No build request for ${component}`);
    }

    return found;
  }

  function handlerModule(component: string): string {
    const modulePath = build(component).handler.replace(/\.handler$/, "");

    return relative(REPO_ROOT, resolve(STACK_DIR, modulePath));
  }

  for (const component of ["Ingest", "Processor"]) {
    describe(`Function: ${component} role`, () => {
      it("can be assumed by the Lambda service only", () => {
        expect(parsePolicy(role(component).inputs.assumeRolePolicy)).toEqual({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "lambda.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        });
      });

      it("attaches only the basic execution policy", () => {
        expect(role(component).inputs.managedPolicyArns).toEqual([
          BASIC_EXECUTION_ROLE,
        ]);
      });

      // SST's build minifies only when nodejs.minify is set.
      it("is bundled minified", () => {
        expect(build(component).properties.minify).toBe(true);
      });

      it("grants no wildcard action", () => {
        const inline = role(component).inputs.inlinePolicies as {
          policy: string;
        }[];
        const actions = inline.flatMap((item) =>
          parsePolicy(item.policy).Statement.flatMap((statement) =>
            [statement.Action].flat(),
          ),
        );

        expect(actions.length).toBeGreaterThan(0);
        expect(actions.filter((action) => action.includes("*"))).toEqual([]);
      });
    });
  }

  describe("Function: Ingest", () => {
    it("runs Node.js 22 on arm64 with 512 MB", () => {
      expect(lambda("Ingest").inputs.runtime).toBe("nodejs22.x");
      expect(lambda("Ingest").inputs.architectures).toEqual(["arm64"]);
      expect(lambda("Ingest").inputs.memorySize).toBe(512);
    });

    it("times out after 3 s, under Supabase's 5 s", () => {
      expect(lambda("Ingest").inputs.timeout).toBe(3);
    });

    it("reserves a concurrency of 10 as its rate limit", () => {
      expect(lambda("Ingest").inputs.reservedConcurrentExecutions).toBe(10);
    });

    it("has a public function URL without CORS", () => {
      const url = findResource(
        load(),
        "aws:lambda/functionUrl:FunctionUrl",
        "IngestUrl",
      );
      const publicAccess = findResource(
        load(),
        "aws:lambda/permission:Permission",
        "IngestPublicFunctionUrlAccess",
      );

      expect(url.inputs.authorizationType).toBe("NONE");
      expect(url.inputs.cors).toBeUndefined();
      expect(url.inputs.functionName).toBe(lambda("Ingest").inputs.name);
      expect(publicAccess.inputs.action).toBe("lambda:InvokeFunctionUrl");
      expect(publicAccess.inputs.functionUrlAuthType).toBe("NONE");
    });

    it("builds packages/handler/src/ingest", () => {
      expect(handlerModule("Ingest")).toBe(
        join("packages", "handler", "src", "ingest"),
      );
    });

    it("gets bus, claim-check bucket, secret and size limit", () => {
      expect(axentraEnvironment("Ingest")).toEqual({
        AXENTRA_EVENT_BUS: findResource(
          load(),
          "aws:cloudwatch/eventBus:EventBus",
          "WebhookBusBus",
        ).inputs.name,
        AXENTRA_CLAIM_CHECK_BUCKET: bucketName("ClaimCheckBucket"),
        AXENTRA_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
        AXENTRA_WEBHOOK_SECRET_PREVIOUS: "",
        AXENTRA_MAX_BODY_BYTES: "1048576",
      });
    });

    it("keeps the environment a Pulumi secret", () => {
      expect(isSecret(lambda("Ingest").inputs.environment)).toBe(true);
    });

    it("may put events and claim-check objects only", () => {
      const inline = role("Ingest").inputs.inlinePolicies as {
        name: string;
        policy: string;
      }[];
      const bus = arnOf("aws:cloudwatch/eventBus:EventBus", "WebhookBusBus");
      const claimCheck = arnOf(
        "aws:s3/bucket:Bucket",
        "ClaimCheckBucketBucket",
      );

      expect(inline.map((item) => item.name)).toEqual(["inline"]);
      expect(parsePolicy(inline[0]?.policy).Statement).toEqual([
        {
          Effect: "Allow",
          Action: ["events:PutEvents"],
          Resource: [bus],
          Condition: { StringEquals: { "events:source": ["axentra.webhook"] } },
        },
        {
          Effect: "Allow",
          Action: ["s3:PutObject"],
          Resource: [`${claimCheck}/*`],
        },
      ]);
    });

    it("logs JSON, kept one year", () => {
      const logGroup = findResource(
        load(),
        "aws:cloudwatch/logGroup:LogGroup",
        "IngestLogGroup",
      );

      expect(lambda("Ingest").inputs.loggingConfig).toMatchObject({
        logFormat: "JSON",
      });
      expect(logGroup.inputs.retentionInDays).toBe(365);
    });
  });

  describe("Function: Processor", () => {
    it("runs Node.js 22 on arm64 with 256 MB", () => {
      expect(lambda("Processor").inputs.runtime).toBe("nodejs22.x");
      expect(lambda("Processor").inputs.architectures).toEqual(["arm64"]);
      expect(lambda("Processor").inputs.memorySize).toBe(256);
    });

    it("times out after 60 s", () => {
      expect(lambda("Processor").inputs.timeout).toBe(60);
    });

    it("reserves no concurrency", () => {
      expect(lambda("Processor").inputs.reservedConcurrentExecutions).toBe(
        undefined,
      );
    });

    it("builds packages/handler/src/process", () => {
      expect(handlerModule("Processor")).toBe(
        join("packages", "handler", "src", "process"),
      );
    });

    it("bundles the root rules.yaml", () => {
      const build = load().builds.find(
        (item) => item.functionID === "Processor",
      );

      expect(build?.copyFiles).toEqual([
        { from: join(REPO_ROOT, "rules.yaml"), to: "rules.yaml", isDir: false },
      ]);
    });

    it("gets buckets, table, bus and rules file", () => {
      expect(axentraEnvironment("Processor")).toEqual({
        AXENTRA_RAW_BUCKET: bucketName("RawAuditBucket"),
        AXENTRA_PROCESSED_BUCKET: bucketName("ProcessedBucket"),
        AXENTRA_CLAIM_CHECK_BUCKET: bucketName("ClaimCheckBucket"),
        AXENTRA_EVENTS_TABLE: findResource(
          load(),
          "aws:dynamodb/table:Table",
          "EventRegistryTable",
        ).inputs.name,
        AXENTRA_EVENT_BUS: findResource(
          load(),
          "aws:cloudwatch/eventBus:EventBus",
          "WebhookBusBus",
        ).inputs.name,
        AXENTRA_RULES_FILE: "/var/task/rules.yaml",
      });
    });

    it("may use exactly the objects, item, bus and queue it needs", () => {
      const inline = role("Processor").inputs.inlinePolicies as {
        name: string;
        policy: string;
      }[];
      const raw = arnOf("aws:s3/bucket:Bucket", "RawAuditBucketBucket");
      const processed = arnOf("aws:s3/bucket:Bucket", "ProcessedBucketBucket");
      const claimCheck = arnOf(
        "aws:s3/bucket:Bucket",
        "ClaimCheckBucketBucket",
      );

      expect(inline.map((item) => item.name)).toEqual(["inline"]);
      expect(parsePolicy(inline[0]?.policy).Statement).toEqual([
        {
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject"],
          Resource: [`${raw}/*`, `${processed}/*`],
        },
        {
          Effect: "Allow",
          Action: ["s3:GetObject"],
          Resource: [`${claimCheck}/*`],
        },
        {
          // Scoped to the buckets themselves: ListBucket applies to a
          // bucket ARN, and without it a missing key returns 403, not 404.
          Effect: "Allow",
          Action: ["s3:ListBucket"],
          Resource: [raw, processed, claimCheck],
        },
        {
          Effect: "Allow",
          Action: ["dynamodb:UpdateItem"],
          Resource: [arnOf("aws:dynamodb/table:Table", "EventRegistryTable")],
        },
        {
          Effect: "Allow",
          Action: ["events:PutEvents"],
          Resource: [
            arnOf("aws:cloudwatch/eventBus:EventBus", "WebhookBusBus"),
          ],
          Condition: {
            StringEquals: { "events:source": ["axentra.webhook.routed"] },
          },
        },
        {
          Effect: "Allow",
          Action: ["sqs:SendMessage"],
          Resource: [arnOf("aws:sqs/queue:Queue", "DeadLetterQueueQueue")],
        },
      ]);
    });

    it("retries twice, then sends the event to the dead-letter queue", () => {
      const invokeConfig = findResource(
        load(),
        "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
        "ProcessorEventInvokeConfig",
      );

      expect(invokeConfig.inputs).toEqual({
        functionName: lambda("Processor").inputs.name,
        maximumRetryAttempts: 2,
        maximumEventAgeInSeconds: 3600,
        destinationConfig: {
          onFailure: {
            destination: arnOf("aws:sqs/queue:Queue", "DeadLetterQueueQueue"),
          },
        },
      });
    });
  });
}
