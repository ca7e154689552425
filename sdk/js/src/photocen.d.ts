// Types of the PhotoCen JavaScript SDK (./photocen.js). Field names are the API's own
// (snake_case), exactly as /openapi.json and docs/api.md spell them.

export declare const VERSION: string;
export declare const ENV_BASE_URL: "PHOTOCEN_API_URL";
export declare const ENV_TOKEN: "PHOTOCEN_API_KEY";
export declare const MAX_SERVER_WAIT_SECONDS: number;

// ------------------------------------------------------------------ errors
export interface ErrorEnvelope {
  error: { code: string; message: string; request_id: string; retry_after?: number };
}

export declare class PhotoCenError extends Error {
  static code: string;
  static defaultStatus: number | null;
  constructor(
    message: string,
    init?: {
      code?: string;
      status?: number | null;
      requestId?: string | null;
      headers?: Record<string, string>;
      body?: unknown;
    },
  );
  /** The server's error code (`insufficient_credits`, …) or the SDK's own. */
  code: string;
  /** The HTTP status; null when no answer came. */
  status: number | null;
  requestId: string | null;
  /** The answer's headers, names lower-cased. */
  headers: Record<string, string>;
  /** The parsed envelope (or the raw text when it was not JSON). */
  body: ErrorEnvelope | unknown;
}
export declare class Unauthorized extends PhotoCenError {}
export declare class Forbidden extends PhotoCenError {}
export declare class InsufficientCredits extends PhotoCenError {}
export declare class NotFound extends PhotoCenError {}
export declare class ValidationFailed extends PhotoCenError {}
export declare class IdempotencyKeyReused extends ValidationFailed {}
export declare class Conflict extends PhotoCenError {}
export declare class IdempotencyInProgress extends Conflict {}
export declare class RateLimited extends PhotoCenError {
  /** Seconds the server asked to wait (`Retry-After`), or null when it did not say. */
  readonly retryAfter: number | null;
}
export declare class ServiceUnavailable extends PhotoCenError {
  readonly retryAfter: number | null;
}
export declare class InternalError extends PhotoCenError {}
export declare class APIConnectionError extends PhotoCenError {}
export declare class APITimeoutError extends APIConnectionError {}
export declare class UnexpectedResponse extends PhotoCenError {}
export declare class JobFailed extends PhotoCenError {
  constructor(job: Job);
  job: Job;
}
export declare class WaitTimeout extends PhotoCenError {
  constructor(jobId: string, seconds: number);
  jobId: string;
}
export declare const ERRORS: Readonly<Record<string, typeof PhotoCenError>>;
export declare function parseRetryAfter(value: string | null | undefined, now?: number): number | null;
export declare function errorFromResponse(
  status: number,
  headers: Headers | Record<string, string>,
  text: string,
): PhotoCenError;

// ------------------------------------------------------------------ models
export type JobStatus = "queued" | "running" | "completed" | "failed";
export type ImageFormat = "jpg" | "jpeg" | "webp" | "png";

export interface GenerationSettings {
  width: number;
  height: number;
  steps: number;
  seed: number | null;
  cfg: number;
  count: number;
  [field: string]: unknown;
}
export interface JobImage {
  image_id: string;
  /** A signed URL (the cache, or the catalog after migration), valid for url_expires_in s. */
  url: string;
  url_expires_in: number;
  width: number;
  height: number;
  seed: number;
  content_type: string;
  bytes: number;
  searchable: boolean;
  [field: string]: unknown;
}
export interface Job {
  id: string;
  job_id: string;
  status: JobStatus;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  prompt: string;
  negative_prompt: string;
  model: string;
  style: string | null;
  applied_region: string;
  settings: GenerationSettings;
  searchable: boolean;
  estimated_cost: number;
  credits_reserved: number;
  credits_charged: number | null;
  images: JobImage[];
  engine_ms: number | null;
  error: { code: string; message: string } | null;
  [field: string]: unknown;
}
export interface GenerateAccepted {
  job_id: string;
  status: "queued" | "running";
  estimated_cost: number;
  credits_reserved: number;
  applied_region: string;
  region_source: string;
  model: string;
  style: string | null;
  settings: GenerationSettings;
  searchable: boolean;
  poll_url: string;
  created_at: string;
  [field: string]: unknown;
}
export interface BatchAccepted {
  items: Array<{ index: number; success: boolean; job_id?: string | null; error?: { code: string; message: string } | null; [field: string]: unknown }>;
  accepted: number;
  refused: number;
  estimated_cost: number;
  credits_reserved: number;
}
export interface GenerationsPage {
  data: Job[];
  next_cursor: string | null;
}
/** Any field of POST /v1/images/generate (docs/api.md), plus `not_searchable` (private). */
export interface GenerateFields {
  prompt?: string;
  negative_prompt?: string;
  region?: string;
  model?: string;
  style?: string | { preset?: string; use_style_memory?: boolean; style_override?: string };
  settings?: Partial<GenerationSettings>;
  width?: number;
  height?: number;
  steps?: number;
  seed?: number;
  cfg?: number;
  count?: number;
  quality?: string;
  upscale?: boolean | 1 | 4;
  purpose?: string;
  reference_images?: Array<{ image_id?: string; data_url?: string; url?: string }>;
  webhook_url?: string;
  options?: { not_searchable?: boolean };
  items?: GenerateFields[];
  /** Private: never indexed nor searchable, deleted after 24 h (→ options.not_searchable). */
  not_searchable?: boolean;
  [field: string]: unknown;
}
export interface GenerateOptions extends GenerateFields {
  /** Resolve with the finished job (rejects with JobFailed if it failed). */
  wait?: boolean;
  /** Seconds to wait at most (WaitTimeout after). Default 120. */
  timeout?: number;
  /** Your Idempotency-Key; a new UUID otherwise. */
  idempotencyKey?: string;
}
export interface ImageOptions {
  id?: string | number;
  seed?: string | number;
  grayscale?: boolean;
  /** true: radius 5; 1–10: that radius. */
  blur?: boolean | number;
  format?: ImageFormat;
  /** A cache-buster the API ignores (several random images on one page). */
  random?: string | number;
}
export interface ImageInfo {
  id: string;
  author: string;
  width: number;
  height: number;
  url: string;
  download_url: string;
}
export interface Period {
  requests: number;
  images_generated: number;
  images_delivered: number;
  credits_spent: number;
  requests_limit: number;
  requests_remaining: number;
  images_limit: number;
  images_remaining: number;
  period_start: string;
  resets_at: string;
}
export interface Usage {
  plan: { name: string; [limit: string]: number | string };
  today: Period;
  this_month: Period;
  jobs_in_flight: number;
  jobs_in_flight_remaining: number;
}
export interface Account {
  account_id: string;
  kind: "user" | "partner";
  plan: string;
  partner_id: string | null;
  credits: number;
  usage: { images_delivered: number; today?: Period | null; this_month?: Period | null };
  created_at: string;
}
export interface Ledger {
  credits: number;
  entries: Array<{ key: string; operation: string; amount: number; reference: string | null; created_at: string }>;
}
export interface ApiKey {
  key_id: string;
  name: string | null;
  prefix: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}
export interface NewKey {
  key_id: string;
  name: string | null;
  prefix: string | null;
  /** Shown this once: keep it now. */
  token: string;
  created_at: string;
  replaces?: string | null;
}
export interface SearchFilters {
  same_region_only?: boolean;
  own_images_only?: boolean;
}
export interface SearchOptions {
  query?: string;
  image_id?: number;
  limit?: number;
  filters?: SearchFilters;
  cursor?: string;
}
export interface SearchHit {
  id: number;
  score: number;
  url: string;
  url_expires_in: number;
  width: number;
  height: number;
  author: string;
  region: string;
  created_at: string;
}
export interface SearchPage {
  data: SearchHit[];
  next_cursor: string | null;
  applied_region?: string | null;
}
export interface Model {
  id: string;
  name: string;
  description: string;
  default: boolean;
  [field: string]: unknown;
}
export interface Style {
  id: string;
  name: string;
  prompt: string;
  thumbnail_url: string;
}
export interface Health {
  status: "healthy" | "degraded";
  checks: Array<{ component: string; name: string; status: "ok" | "failing"; detail: string }>;
}

// ------------------------------------------------------------------ the client
export interface RetryPolicy {
  maxRetries: number;
  /** Seconds before the first retry, doubling each time (with jitter). */
  backoffBase: number;
  backoffMax: number;
  /** A Retry-After longer than this (seconds) is not waited for: the error is thrown. */
  maxRetryAfter: number;
}
export declare const DEFAULT_RETRY: Readonly<RetryPolicy>;

export interface RateLimit {
  /** Requests per minute for this key. */
  limit: number;
  remaining: number;
  /** When the minute resets, epoch seconds. */
  reset: number;
}

export interface PhotoCenOptions {
  /** Default: process.env.PHOTOCEN_API_URL (Node). */
  baseUrl?: string;
  /** Default: process.env.PHOTOCEN_API_KEY (Node). */
  token?: string | null;
  /** A partner key acting for one of its end users (PhotoCen-Account). */
  onBehalfOf?: string;
  /** Seconds per request. Default 30. */
  timeout?: number;
  retry?: Partial<RetryPolicy>;
  headers?: Record<string, string>;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: typeof fetch;
  /** How to wait `seconds` between retries and polls (tests make it instant). */
  sleep?: (seconds: number) => Promise<void>;
}

export declare function imagePath(width: number, height?: number | null, options?: ImageOptions): string;

export declare class PhotoCen {
  constructor(options?: PhotoCenOptions);
  readonly baseUrl: string;
  token: string | null;
  onBehalfOf: string | null;
  timeout: number;
  retry: RetryPolicy;
  headers: Record<string, string>;

  generate(prompt: string, options: GenerateOptions & { wait: true }): Promise<Job>;
  generate(prompt?: string | null, options?: GenerateOptions): Promise<GenerateAccepted | BatchAccepted | Job>;
  generate(options: GenerateOptions & { wait: true }): Promise<Job>;
  generate(options: GenerateOptions): Promise<GenerateAccepted | BatchAccepted | Job>;
  download(url: string): Promise<Uint8Array>;
  imageUrl(width: number, height?: number | null, options?: ImageOptions): string;
  image(width: number, height?: number | null, options?: ImageOptions): Promise<Uint8Array>;
  image(width: number, options: ImageOptions): Promise<Uint8Array>;
  imageInfo(which: { id?: string | number; seed?: string }): Promise<ImageInfo>;
  listImages(options?: { page?: number; limit?: number }): Promise<ImageInfo[]>;
  search(query: string, options?: Omit<SearchOptions, "query">): Promise<SearchPage>;
  search(options: SearchOptions): Promise<SearchPage>;
  enhancePrompt(prompt: string, options?: { tone?: string }): Promise<{ prompt: string; engine: string }>;
  buildPrompt(parts: {
    subject?: string;
    setting?: string;
    mood?: string;
    art_style?: string;
    lighting?: string;
    camera?: string;
    [part: string]: string | undefined;
  }): Promise<{ prompt: string; engine: string }>;
  account(): Promise<Account>;
  credits(): Promise<number>;
  ledger(options?: { limit?: number }): Promise<Ledger>;
  usage(): Promise<Usage>;
  models(): Promise<{ data: Model[]; pricing: string }>;
  styles(): Promise<{ data: Style[] }>;
  styleThumbnail(styleId: string): Promise<Uint8Array>;
  health(): Promise<Health>;
  openapi(): Promise<Record<string, unknown>>;

  /** The X-RateLimit-* headers of the latest answer (null before one carried them). */
  rateLimit: RateLimit | null;
  /** The partner API (a pc_partner_ key). Act as an end user with `onBehalfOf`. */
  partner: {
    summary(options?: { days?: number }): Promise<Record<string, unknown>>;
    users: {
      create(externalId: string, options?: { name?: string }): Promise<Record<string, unknown>>;
      list(options?: { limit?: number; cursor?: string }): Promise<Record<string, unknown>>;
      get(userId: string): Promise<Record<string, unknown>>;
      setStatus(userId: string, status: "active" | "suspended" | "closed"): Promise<Record<string, unknown>>;
      keys(userId: string): Promise<{ keys: ApiKey[] }>;
      issueKey(userId: string): Promise<NewKey>;
      revokeKey(userId: string, keyId: string): Promise<ApiKey>;
      transfer(
        userId: string,
        amount: number,
        options?: { direction?: "to_user" | "to_pool"; idempotencyKey?: string },
      ): Promise<Record<string, unknown>>;
      usage(userId: string, options?: { days?: number }): Promise<Record<string, unknown>>;
    };
  };
  jobs: {
    get(jobId: string): Promise<Job>;
    wait(jobId: string, options?: { timeout?: number; raiseOnFailure?: boolean }): Promise<Job>;
  };
  generations: {
    list(options?: { limit?: number; cursor?: string }): Promise<GenerationsPage>;
    iter(options?: { pageSize?: number }): AsyncGenerator<Job, void, undefined>;
    get(generationId: string): Promise<Job>;
    delete(generationId: string): Promise<void>;
  };
  keys: {
    list(): Promise<{ keys: ApiKey[] }>;
    create(name: string): Promise<NewKey>;
    revoke(keyId: string, options?: { confirmLastKey?: boolean }): Promise<ApiKey>;
    rotate(keyId: string): Promise<NewKey>;
  };
  styleMemory: {
    get(): Promise<Record<string, unknown>>;
    update(fields: Record<string, unknown>): Promise<Record<string, unknown>>;
    reset(): Promise<Record<string, unknown>>;
  };
  webhooks: {
    secret(): Promise<{ secret: string; previous_secret: string | null; previous_valid_until: string | null; created_at: string }>;
    rotateSecret(): Promise<{ secret: string; previous_secret: string | null; previous_valid_until: string | null; created_at: string }>;
  };
}

// ------------------------------------------------------------------ webhooks
export declare const SECRET_PREFIX: "whsec_";
export declare const DEFAULT_TOLERANCE_SECONDS: number;
export declare class WebhookVerificationError extends Error {}
export declare function signWebhook(
  secret: string,
  webhookId: string,
  timestamp: number,
  body: string | Uint8Array,
): Promise<string>;
/** The payload once signature and timestamp check out; rejects with WebhookVerificationError. */
export declare function verifyWebhook<T = Record<string, unknown>>(
  secret: string,
  body: string | Uint8Array,
  headers: Headers | Record<string, string>,
  options?: { tolerance?: number; now?: number },
): Promise<T>;

export declare const OPERATIONS: Readonly<Record<string, string>>;
export declare const NOT_COVERED: Readonly<Record<string, string>>;
