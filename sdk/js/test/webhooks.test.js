// Standard Webhooks verification (WebCrypto), checked against an independent HMAC from
// node:crypto and against the spec's own test vector.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";

import { WebhookVerificationError, signWebhook, verifyWebhook } from "../src/photocen.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const KEY = Buffer.from(SECRET.slice("whsec_".length), "base64");
const BODY = JSON.stringify({ type: "generation.completed", data: { job_id: "gen_1" } });
const NOW = 1_790_000_000;

function signed(id, timestamp, body) {
  return "v1," + createHmac("sha256", KEY).update(`${id}.${timestamp}.${body}`).digest("base64");
}

test("the spec's example signs to the spec's signature", async () => {
  // https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
  const body = '{"test": 2432232314}';
  const signature = await signWebhook(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
  assert.equal(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
});

test("a genuine webhook verifies and yields its payload", async () => {
  const headers = new Headers({
    "webhook-id": "msg_1",
    "webhook-timestamp": String(NOW),
    "webhook-signature": signed("msg_1", NOW, BODY),
  });
  const payload = await verifyWebhook(SECRET, BODY, headers, { now: NOW + 10 });
  assert.equal(payload.data.job_id, "gen_1");
  // bytes and a plain object of headers work as well
  const again = await verifyWebhook(SECRET, new TextEncoder().encode(BODY), Object.fromEntries(headers), { now: NOW });
  assert.equal(again.type, "generation.completed");
});

test("either secret verifies during a rotation (several signatures)", async () => {
  const other = "whsec_" + Buffer.from("another secret, 24 bytes").toString("base64");
  const headers = {
    "Webhook-Id": "msg_2",
    "Webhook-Timestamp": String(NOW),
    "Webhook-Signature": `v1,bm90IGl0 ${signed("msg_2", NOW, BODY)}`,
  };
  assert.ok(await verifyWebhook(SECRET, BODY, headers, { now: NOW }));
  await assert.rejects(verifyWebhook(other, BODY, headers, { now: NOW }), WebhookVerificationError);
});

test("forged, altered, stale and malformed webhooks are refused", async () => {
  const good = { "webhook-id": "msg_3", "webhook-timestamp": String(NOW), "webhook-signature": signed("msg_3", NOW, BODY) };
  const cases = [
    [{ ...good, "webhook-signature": signed("msg_3", NOW, BODY + " ") }, BODY, /no signature matches/],
    [good, BODY.replace("gen_1", "gen_2"), /no signature matches/],
    [{ ...good, "webhook-id": "msg_4" }, BODY, /no signature matches/],
    [{ ...good, "webhook-timestamp": String(NOW - 301) }, BODY, /too old/],
    [{ ...good, "webhook-timestamp": "yesterday" }, BODY, /not a number/],
    [{ "webhook-id": "msg_3" }, BODY, /missing/],
    [{ ...good, "webhook-signature": "v2," + signed("msg_3", NOW, BODY).slice(3) }, BODY, /no signature matches/],
  ];
  for (const [headers, body, message] of cases) {
    await assert.rejects(verifyWebhook(SECRET, body, headers, { now: NOW }), message);
  }
  await assert.rejects(signWebhook("whsec_not base64!", "m", NOW, BODY), /not a whsec_ base64 secret/);
});
