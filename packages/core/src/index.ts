export {
  type Authenticator,
  type AuthResult,
  createAuthenticator,
  createRotatingAuthenticator,
  type HeaderMap,
  PREVIOUS_SECRET_VARIABLE,
  SecretConfigError,
  SHARED_SECRET_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  SIGNING_SECRET_PREFIX,
  signWebhook,
} from "./auth.js";
export { canonicalize, hashPayload, sha256Hex } from "./canonical.js";
export * from "./errors.js";
export {
  canonicalNumber,
  JsonNumber,
  type JsonObject,
  type JsonValue,
} from "./json-number.js";
export {
  DEFAULT_MAX_DEPTH,
  type ParseOptions,
  parseJson,
  parsePayload,
} from "./json-parse.js";
export {
  eventIdFor,
  objectKeyFor,
  RETENTION_YEARS,
  retentionTtl,
} from "./keys.js";
export {
  MemoryEventRegistry,
  MemoryObjectStore,
  MemoryRouter,
} from "./memory.js";
export {
  createPipeline,
  DEFAULT_LEASE_SECONDS,
  type Delivery,
  type EventSummary,
  type IngestResult,
  type Pipeline,
  type PipelineOptions,
} from "./pipeline.js";
export * from "./ports.js";
export {
  buildProcessedDocument,
  EVENT_VERSION,
  type EventMetadata,
  type Explanation,
  explainPayload,
  type PreparedEvent,
  prepareEvent,
} from "./prepare.js";
export {
  acceptedResponse,
  DEFAULT_MAX_BODY_BYTES,
  errorResponse,
  isIdentityEncoding,
  isJsonContentType,
  payloadTooLargeResponse,
  type ReceiverResponse,
  unauthorizedResponse,
  unsupportedEncodingResponse,
  unsupportedMediaTypeResponse,
} from "./responses.js";
export { serializeJson } from "./serialize.js";
