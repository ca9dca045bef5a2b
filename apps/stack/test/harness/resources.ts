import * as pulumi from "@pulumi/pulumi";
import type { Deployment } from "./deploy";
import type { IamStatement, RecordedResource } from "./pulumi-mocks";

/** An IAM policy document as AWS stores it. */
export interface IamPolicy {
  Version: string;
  Statement: IamStatement[];
}

/**
 * Returns the resource of this type and logical name.
 *
 * @throws Error naming the resource when the program did not register it.
 */
export function findResource(
  deployment: Deployment,
  type: string,
  name: string,
): RecordedResource {
  const found = deployment.resources.find(
    (resource) => resource.type === type && resource.name === name,
  );
  if (!found) {
    throw new Error(`No ${type} named ${name} was registered`);
  }

  return found;
}

/** Returns every resource of this type, in registration order. */
export function resourcesOfType(
  deployment: Deployment,
  type: string,
): RecordedResource[] {
  return deployment.resources.filter((resource) => resource.type === type);
}

/** Tells whether a resolved input value is a Pulumi secret. */
export function isSecret(value: unknown): boolean {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;

  return (
    record[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
  );
}

/** Returns a resolved input value with every Pulumi secret unwrapped. */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(unwrapSecrets);
  }
  if (typeof value !== "object" || value === null) {
    return value;
  }
  if (isSecret(value)) {
    return unwrapSecrets((value as { value: unknown }).value);
  }

  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, unwrapSecrets(item)]),
  );
}

/** Parses a policy document input, which the program passes as JSON text. */
export function parsePolicy(policy: unknown): IamPolicy {
  if (typeof policy !== "string") {
    throw new Error(`Expected a JSON policy document, got ${typeof policy}`);
  }

  return JSON.parse(policy) as IamPolicy;
}
