// The client against a fake fetch: requests, typed errors, retries, generate/wait, delivery.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  APIConnectionError,
  ERRORS,
  IdempotencyInProgress,
  InsufficientCredits,
  JobFailed,
  NotFound,
  PhotoCen,
  PhotoCenError,
  RateLimited,
  ServiceUnavailable,
  UnexpectedResponse,
  ValidationFailed,
  WaitTimeout,
  errorFromResponse,
  imagePath,
  parseRetryAfter,
} from "../src/photocen.js";

const BASE = "http://api.test";
const TOKEN = "pc_live_" + "a".repeat(43);

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "X-Request-Id": "req-1", ...headers },
  });
}

function envelope(status, code, message = "no", headers = {}, extra = {}) {
  return json(status, { error: { code, message, request_id: "req-9", ...extra } }, headers);
}

/** A fetch that answers from `script` in order and records every request. */
function fakeFetch(...script) {
  const calls = [];
  const fetch = async (url, init = {}) => {
    calls.push({ url, method: init.method ?? "GET", headers: init.headers ?? {}, body: init.body });
    const next = script.shift();
    if (!next) throw new Error(`unexpected request ${init.method} ${url}`);
    return typeof next === "function" ? next(url, init) : next;
  };
  return { fetch, calls };
}

function client(fake, options = {}) {
  const sleeps = [];
  const pc = new PhotoCen({
    baseUrl: BASE,
    token: TOKEN,
    fetch: fake.fetch,
    sleep: async (seconds) => sleeps.push(seconds),
    ...options,
  });
  return { pc, sleeps };
}

const JOB = {
  id: "gen_1",
  job_id: "gen_1",
  status: "completed",
  prompt: "a fox",
  images: [{ url: `${BASE}/cache/gen_1/0.png`, width: 64, height: 64 }],
  credits_charged: 1,
  error: null,
};

describe("requests", () => {
  test("sends the bearer token and reads JSON", async () => {
    const fake = fakeFetch(json(200, { account_id: "acct_1", credits: 10 }));
    const { pc } = client(fake);
    const account = await pc.account();
    assert.equal(account.credits, 10);
    assert.equal(fake.calls[0].url, `${BASE}/v1/account`);
    assert.equal(fake.calls[0].headers.Authorization, `Bearer ${TOKEN}`);
    assert.match(fake.calls[0].headers["User-Agent"], /^photocen-sdk-js\//);
  });

  test("public routes go without the token", async () => {
    const fake = fakeFetch(json(200, { data: [] }));
    const { pc } = client(fake);
    await pc.styles();
    assert.equal(fake.calls[0].headers.Authorization, undefined);
  });

  test("a partner acting for its end user sends PhotoCen-Account", async () => {
    const fake = fakeFetch(json(200, { credits: 1 }));
    const { pc } = client(fake, { onBehalfOf: "acct_end" });
    await pc.account();
    assert.equal(fake.calls[0].headers["PhotoCen-Account"], "acct_end");
  });

  test("base URL and token default to the environment", () => {
    process.env.PHOTOCEN_API_URL = "http://env.test/";
    process.env.PHOTOCEN_API_KEY = TOKEN;
    try {
      const pc = new PhotoCen({ fetch: async () => json(200, {}) });
      assert.equal(pc.baseUrl, "http://env.test");
      assert.equal(pc.token, TOKEN);
    } finally {
      delete process.env.PHOTOCEN_API_URL;
      delete process.env.PHOTOCEN_API_KEY;
    }
    assert.throws(() => new PhotoCen({}), /baseUrl is required/);
  });

  test("path segments are encoded", async () => {
    const fake = fakeFetch(json(200, JOB));
    const { pc } = client(fake);
    await pc.generations.get("a/b c");
    assert.equal(fake.calls[0].url, `${BASE}/v1/generations/a%2Fb%20c`);
  });

  test("health reads a 503 degraded report instead of throwing", async () => {
    const fake = fakeFetch(json(503, { status: "degraded", checks: [] }));
    const { pc } = client(fake, { retry: { maxRetries: 0 } });
    assert.equal((await pc.health()).status, "degraded");
  });
});

describe("errors", () => {
  test("every server code has its class", async () => {
    for (const [code, cls] of Object.entries(ERRORS)) {
      const fake = fakeFetch(envelope(cls.defaultStatus, code, "told"));
      const { pc } = client(fake, { retry: { maxRetries: 0 } });
      const error = await pc.account().catch((e) => e);
      assert.ok(error instanceof cls, `${code} → ${error?.constructor?.name}`);
      assert.ok(error instanceof PhotoCenError);
      assert.equal(error.code, code);
      assert.equal(error.status, cls.defaultStatus);
      assert.equal(error.message, "told");
      assert.equal(error.requestId, "req-9");
    }
  });

  test("402 is InsufficientCredits and is not retried", async () => {
    const fake = fakeFetch(envelope(402, "insufficient_credits", "Not enough credits"));
    const { pc } = client(fake);
    await assert.rejects(pc.image(100, 100), InsufficientCredits);
    assert.equal(fake.calls.length, 1);
  });

  test("an unknown code falls back to its status's class, keeping the code", () => {
    const error = errorFromResponse(404, {}, JSON.stringify({ error: { code: "gone_fishing", message: "m", request_id: "r" } }));
    assert.ok(error instanceof NotFound);
    assert.equal(error.code, "gone_fishing");
  });

  test("an answer without the envelope is UnexpectedResponse (4xx) or InternalError (5xx)", () => {
    const plain = errorFromResponse(418, { "X-Request-Id": "r2" }, "<html>");
    assert.ok(plain instanceof UnexpectedResponse);
    assert.equal(plain.requestId, "r2");
    assert.equal(errorFromResponse(502, {}, "").code, "internal_error");
  });

  test("validation errors are ValidationFailed with the server's message", async () => {
    const fake = fakeFetch(envelope(422, "validation_error", "width: must be a whole number"));
    const { pc } = client(fake);
    const error = await pc.image(100, 100).catch((e) => e);
    assert.ok(error instanceof ValidationFailed);
    assert.match(String(error), /422 validation_error: width/);
  });
});

describe("retries", () => {
  test("429 is retried after Retry-After, then succeeds", async () => {
    const fake = fakeFetch(
      envelope(429, "rate_limited", "slow down", { "Retry-After": "2" }),
      json(200, { credits: 3 }),
    );
    const { pc, sleeps } = client(fake);
    assert.equal((await pc.account()).credits, 3);
    assert.deepEqual(sleeps, [2]);
  });

  test("the envelope's retry_after wins over the header", async () => {
    const fake = fakeFetch(
      envelope(429, "rate_limited", "slow", { "Retry-After": "9" }, { retry_after: 1 }),
      json(200, {}),
    );
    const { pc, sleeps } = client(fake);
    await pc.account();
    assert.deepEqual(sleeps, [1]);
  });

  test("RateLimited carries retryAfter once retries are spent", async () => {
    const limited = () => envelope(429, "rate_limited", "slow", { "Retry-After": "3" });
    const fake = fakeFetch(limited(), limited());
    const { pc, sleeps } = client(fake, { retry: { maxRetries: 1 } });
    const error = await pc.account().catch((e) => e);
    assert.ok(error instanceof RateLimited);
    assert.equal(error.retryAfter, 3);
    assert.deepEqual(sleeps, [3]);
  });

  test("a Retry-After longer than maxRetryAfter is not waited for", async () => {
    const fake = fakeFetch(envelope(429, "rate_limited", "tomorrow", { "Retry-After": "3600" }));
    const { pc, sleeps } = client(fake);
    await assert.rejects(pc.account(), RateLimited);
    assert.deepEqual(sleeps, []);
  });

  test("503 on a GET backs off exponentially without Retry-After", async () => {
    const down = () => envelope(503, "service_unavailable", "down");
    const fake = fakeFetch(down(), down(), down(), down());
    const { pc, sleeps } = client(fake);
    const error = await pc.account().catch((e) => e);
    assert.ok(error instanceof ServiceUnavailable);
    assert.equal(error.retryAfter, null);
    assert.equal(fake.calls.length, 4);
    assert.equal(sleeps.length, 3);
    // 0.5 s doubling, with jitter in [50 %, 100 %]
    sleeps.forEach((s, i) => assert.ok(s >= 0.25 * 2 ** i && s <= 0.5 * 2 ** i, `${i}: ${s}`));
  });

  test("a POST without an Idempotency-Key is not retried on 503", async () => {
    const fake = fakeFetch(envelope(503, "service_unavailable", "down"));
    const { pc } = client(fake);
    await assert.rejects(pc.keys.create("ci"), ServiceUnavailable);
    assert.equal(fake.calls.length, 1);
  });

  test("generate is retried on 503 with the same Idempotency-Key", async () => {
    const accepted = { job_id: "gen_1", status: "queued", credits_reserved: 1 };
    const fake = fakeFetch(envelope(503, "service_unavailable", "down"), json(202, accepted));
    const { pc } = client(fake);
    assert.equal((await pc.generate("a fox")).job_id, "gen_1");
    const [first, second] = fake.calls;
    assert.match(first.headers["Idempotency-Key"], /^[0-9a-f-]{36}$/);
    assert.equal(second.headers["Idempotency-Key"], first.headers["Idempotency-Key"]);
  });

  test("409 idempotency_in_progress is retried; another 409 is not", async () => {
    const fake = fakeFetch(envelope(409, "idempotency_in_progress", "busy"), json(202, { job_id: "g" }));
    const { pc } = client(fake);
    await pc.generate("a fox", { idempotencyKey: "k-1" });
    assert.equal(fake.calls.length, 2);
    assert.equal(fake.calls[1].headers["Idempotency-Key"], "k-1");

    const other = fakeFetch(envelope(409, "conflict", "no"));
    await assert.rejects(client(other).pc.generate("x"), (e) => e.code === "conflict");
    assert.equal(other.calls.length, 1);
    const busy = fakeFetch(...Array.from({ length: 4 }, () => envelope(409, "idempotency_in_progress", "b")));
    await assert.rejects(client(busy).pc.generate("x"), IdempotencyInProgress);
  });

  test("a refused connection is retried, then reported as APIConnectionError", async () => {
    const refused = () => {
      throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    };
    const fake = fakeFetch(refused, refused, refused, refused);
    const { pc } = client(fake);
    const error = await pc.keys.create("x").catch((e) => e);
    assert.ok(error instanceof APIConnectionError);
    assert.match(error.message, /ECONNREFUSED/);
    assert.equal(fake.calls.length, 4); // never sent: safe even for a POST
  });

  test("a broken POST without a key is not sent twice", async () => {
    const broken = () => {
      throw new TypeError("fetch failed", { cause: { code: "UND_ERR_SOCKET" } });
    };
    const fake = fakeFetch(broken);
    await assert.rejects(client(fake).pc.keys.create("x"), APIConnectionError);
    assert.equal(fake.calls.length, 1);
  });

  test("Retry-After as an HTTP date", () => {
    const now = Date.parse("2026-11-30T10:00:00Z");
    assert.equal(parseRetryAfter("Mon, 30 Nov 2026 10:00:30 GMT", now), 30);
    assert.equal(parseRetryAfter("7"), 7);
    assert.equal(parseRetryAfter("soon"), null);
    assert.equal(parseRetryAfter(null), null);
  });
});

describe("generate and wait", () => {
  test("the body carries the fields; not_searchable goes into options", async () => {
    const fake = fakeFetch(json(202, { job_id: "gen_1", status: "queued" }));
    const { pc } = client(fake);
    await pc.generate("a fox", { width: 512, style: "anime", count: 2, not_searchable: true });
    const body = JSON.parse(fake.calls[0].body);
    assert.deepEqual(body, {
      prompt: "a fox",
      width: 512,
      style: "anime",
      count: 2,
      options: { not_searchable: true },
    });
    assert.equal(fake.calls[0].headers.Prefer, undefined);
  });

  test("wait: Prefer: wait, and a 200 is the finished job", async () => {
    const fake = fakeFetch(json(200, JOB));
    const { pc } = client(fake);
    const job = await pc.generate("a fox", { wait: true, timeout: 60 });
    assert.equal(job.status, "completed");
    assert.equal(fake.calls[0].headers.Prefer, "wait=25");
  });

  test("wait: a 202 is polled until the job finishes", async () => {
    const fake = fakeFetch(
      json(202, { job_id: "gen_1", status: "queued" }),
      json(200, { ...JOB, status: "queued" }),
      json(200, { ...JOB, status: "running" }),
      json(200, JOB),
    );
    const { pc, sleeps } = client(fake);
    const job = await pc.generate("a fox", { wait: true });
    assert.equal(job.status, "completed");
    assert.equal(fake.calls.at(-1).url, `${BASE}/v1/images/jobs/gen_1`);
    assert.equal(sleeps.length, 2);
  });

  test("a failed job rejects with JobFailed carrying the job", async () => {
    const failed = { ...JOB, status: "failed", error: { code: "engine_error", message: "boom" } };
    const fake = fakeFetch(json(200, failed));
    const error = await client(fake).pc.jobs.wait("gen_1").catch((e) => e);
    assert.ok(error instanceof JobFailed);
    assert.equal(error.code, "engine_error");
    assert.equal(error.job.status, "failed");
    const quiet = fakeFetch(json(200, failed));
    assert.equal((await client(quiet).pc.jobs.wait("gen_1", { raiseOnFailure: false })).status, "failed");
  });

  test("jobs.wait gives up with WaitTimeout", async () => {
    const fake = fakeFetch(json(200, { ...JOB, status: "running" }));
    const error = await client(fake).pc.jobs.wait("gen_1", { timeout: 0 }).catch((e) => e);
    assert.ok(error instanceof WaitTimeout);
    assert.equal(error.jobId, "gen_1");
  });

  test("a batch is answered as accepted, not waited for", async () => {
    const fake = fakeFetch(json(202, { items: [{ index: 0, success: true, job_id: "g" }], accepted: 1 }));
    const answer = await client(fake).pc.generate({ items: [{ prompt: "a" }], wait: true });
    assert.equal(answer.accepted, 1);
    assert.equal(JSON.parse(fake.calls[0].body).prompt, undefined);
  });
});

describe("delivery, download, pages", () => {
  test("imagePath builds every delivery form", () => {
    assert.equal(imagePath(400, 300), "/400/300");
    assert.equal(imagePath(200), "/200");
    assert.equal(imagePath(400, 300, { id: 7, format: "webp", grayscale: true, blur: 3 }), "/id/7/400/300.webp?grayscale&blur=3");
    assert.equal(imagePath(300, null, { id: 3, format: "png", blur: true }), "/id/3/300.png?blur");
    assert.equal(imagePath(1200, 630, { seed: "home page/hero" }), "/seed/home%20page%2Fhero/1200/630");
    assert.equal(imagePath(10, 10, { random: 2 }), "/10/10?random=2");
    assert.throws(() => imagePath(1, 1, { id: 1, seed: "s" }), /not both/);
  });

  test("image() resolves with the bytes", async () => {
    const fake = fakeFetch(new Response(new Uint8Array([0xff, 0xd8, 0xff]), { headers: { "Content-Type": "image/jpeg" } }));
    const bytes = await client(fake).pc.image(40, 30, { id: 7 });
    assert.deepEqual([...bytes], [0xff, 0xd8, 0xff]);
    assert.equal(fake.calls[0].url, `${BASE}/id/7/40/30`);
  });

  test("download sends the token to the API only, never to another host", async () => {
    const fake = fakeFetch(new Response("a"), new Response("b"), new Response("c"));
    const { pc } = client(fake);
    await pc.download(`${BASE}/id/1/10/10`);
    await pc.download("/id/1/10/10");
    await pc.download("https://bucket.s3.amazonaws.com/x.png?X-Amz-Signature=1");
    assert.equal(fake.calls[0].headers.Authorization, `Bearer ${TOKEN}`);
    assert.equal(fake.calls[1].url, `${BASE}/id/1/10/10`);
    assert.equal(fake.calls[2].headers.Authorization, undefined);
  });

  test("generations.iter follows next_cursor", async () => {
    const fake = fakeFetch(
      json(200, { data: [{ job_id: "a" }, { job_id: "b" }], next_cursor: "c1" }),
      json(200, { data: [{ job_id: "c" }], next_cursor: null }),
    );
    const seen = [];
    for await (const job of client(fake).pc.generations.iter({ pageSize: 2 })) seen.push(job.job_id);
    assert.deepEqual(seen, ["a", "b", "c"]);
    assert.equal(fake.calls[1].url, `${BASE}/v1/generations?limit=2&cursor=c1`);
  });

  test("search, usage, keys and prompt helpers call their routes", async () => {
    const fake = fakeFetch(
      json(200, { data: [], next_cursor: null }),
      json(200, { today: {}, this_month: {} }),
      json(200, { keys: [] }),
      json(201, { key_id: "key_1", token: TOKEN }),
      json(200, { key_id: "key_1", revoked_at: "now" }),
      json(200, { key_id: "key_0", revoked_at: "now" }),
      json(201, { key_id: "key_2", replaces: "key_1" }),
      json(200, { prompt: "a fox, cozy", engine: "rules" }),
      json(200, { prompt: "a fox in snow", engine: "rules" }),
    );
    const { pc } = client(fake);
    await pc.search("a fox", { limit: 5, filters: { own_images_only: true } });
    await pc.usage();
    await pc.keys.list();
    await pc.keys.create("ci");
    await pc.keys.revoke("key_1");
    await pc.keys.revoke("key_0", { confirmLastKey: true });
    await pc.keys.rotate("key_1");
    await pc.enhancePrompt("a fox", { tone: "cozy" });
    await pc.buildPrompt({ subject: "a fox", setting: "snow" });
    const seen = fake.calls.map((c) => `${c.method} ${c.url.slice(BASE.length)}`);
    assert.deepEqual(seen, [
      "POST /v1/images/search",
      "GET /v1/usage",
      "GET /v1/keys",
      "POST /v1/keys",
      "DELETE /v1/keys/key_1",
      "DELETE /v1/keys/key_0?confirm=last_key",
      "POST /v1/keys/key_1/rotate",
      "POST /v1/prompt/enhance",
      "POST /v1/prompt/build",
    ]);
    assert.deepEqual(JSON.parse(fake.calls[7].body), { prompt: "a fox", tone: "cozy" });
    assert.deepEqual(JSON.parse(fake.calls[0].body), { query: "a fox", limit: 5, filters: { own_images_only: true } });
    assert.deepEqual(JSON.parse(fake.calls[3].body), { name: "ci" });
  });
});

describe("partner API and rate-limit headers", () => {
  test("partner calls hit their routes; a transfer always carries an Idempotency-Key", async () => {
    const fake = fakeFetch(
      json(200, { pool: 100 }),
      json(201, { user_id: "acct_u1" }),
      json(200, { data: [] }),
      json(200, { status: "suspended" }),
      json(201, { token: TOKEN }),
      json(200, { revoked_at: "now" }),
      json(200, { amount: 5 }),
      json(200, { days: [] }),
    );
    const { pc } = client(fake);
    await pc.partner.summary({ days: 7 });
    await pc.partner.users.create("cust-1", { name: "Ada" });
    await pc.partner.users.list({ limit: 10 });
    await pc.partner.users.setStatus("acct_u1", "suspended");
    await pc.partner.users.issueKey("acct_u1");
    await pc.partner.users.revokeKey("acct_u1", "key_1");
    await pc.partner.users.transfer("acct_u1", 5);
    await pc.partner.users.usage("acct_u1", { days: 3 });
    const seen = fake.calls.map((c) => `${c.method} ${c.url.slice(BASE.length)}`);
    assert.deepEqual(seen, [
      "GET /v1/partner?days=7",
      "POST /v1/partner/users",
      "GET /v1/partner/users?limit=10",
      "PATCH /v1/partner/users/acct_u1",
      "POST /v1/partner/users/acct_u1/keys",
      "DELETE /v1/partner/users/acct_u1/keys/key_1",
      "POST /v1/partner/users/acct_u1/credits",
      "GET /v1/partner/users/acct_u1/usage?days=3",
    ]);
    assert.deepEqual(JSON.parse(fake.calls[1].body), { external_id: "cust-1", name: "Ada" });
    assert.deepEqual(JSON.parse(fake.calls[6].body), { amount: 5, direction: "to_user" });
    assert.match(fake.calls[6].headers["Idempotency-Key"], /^[0-9a-f-]{36}$/);
  });

  test("rateLimit keeps the latest X-RateLimit-* headers", async () => {
    const limited = { "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "59", "X-RateLimit-Reset": "1790000060" };
    const fake = fakeFetch(json(200, {}, limited), json(200, {}));
    const { pc } = client(fake);
    assert.equal(pc.rateLimit, null);
    await pc.account();
    assert.deepEqual(pc.rateLimit, { limit: 60, remaining: 59, reset: 1790000060 });
    await pc.styles(); // no headers: the last known stays
    assert.equal(pc.rateLimit.remaining, 59);
  });
});
