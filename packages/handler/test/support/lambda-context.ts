import type { Context } from "aws-lambda";

/** Builds the Lambda context of one invocation of `functionName`. */
export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: "256",
    awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "2026/12/04/[$LATEST]0123456789abcdef0123456789abcdef",
    getRemainingTimeInMillis: () => 3_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
