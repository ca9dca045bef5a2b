import { S3ServiceException } from "@aws-sdk/client-s3";

/**
 * Builds an S3 error as the SDK deserializes it from a reply with this
 * error code and HTTP status.
 */
export function s3Error(
  name: string,
  httpStatusCode: number,
  message: string,
): S3ServiceException {
  return new S3ServiceException({
    name,
    message,
    $fault: httpStatusCode >= 500 ? "server" : "client",
    $metadata: { httpStatusCode, attempts: 3 },
  });
}

/** Builds the error Node.js raises when nothing listens on a port. */
export function connectionRefused(): Error {
  return Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), {
    code: "ECONNREFUSED",
  });
}
