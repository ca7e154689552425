// The SDK against a running PhotoCen (the local stack in CI: tests/e2e/test_sdk_js.py starts
// it and runs this file with PHOTOCEN_API_URL and PHOTOCEN_API_KEY). Skipped without them.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import {
  NOT_COVERED,
  NotFound,
  OPERATIONS,
  PhotoCen,
  Unauthorized,
  ValidationFailed,
} from "../src/photocen.js";

const PACKAGE = dirname(dirname(fileURLToPath(import.meta.url)));
const live = Boolean(process.env.PHOTOCEN_API_URL && process.env.PHOTOCEN_API_KEY);
const PNG = [0x89, 0x50, 0x4e, 0x47];
const JPEG = [0xff, 0xd8, 0xff];

/** The README's fenced block after `<!-- marker -->`. */
function readmeBlock(marker) {
  const readme = readFileSync(join(PACKAGE, "README.md"), "utf8");
  const match = readme.match(new RegExp(`<!-- ${marker} -->\\s*\`\`\`js\\n([\\s\\S]*?)\`\`\``));
  assert.ok(match, `README.md has no block marked ${marker}`);
  return match[1];
}

describe("against a running PhotoCen", { skip: !live && "PHOTOCEN_API_URL/PHOTOCEN_API_KEY not set" }, () => {
  let pc;
  let offered;

  before(async () => {
    pc = new PhotoCen();
    const openapi = await pc.openapi();
    offered = new Set(
      Object.entries(openapi.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
  });

  test("the README's five lines run as written (installed as a package)", (t) => {
    for (const needed of ["POST /v1/images/search", "GET /v1/usage"]) {
      if (!offered.has(needed)) return t.skip(`this server has no ${needed} yet`);
    }
    // As a user has it after `npm install ./sdk/js`: node_modules/@photocen/sdk.
    const folder = mkdtempSync(join(tmpdir(), "photocen-readme-"));
    try {
      mkdirSync(join(folder, "node_modules", "@photocen"), { recursive: true });
      symlinkSync(PACKAGE, join(folder, "node_modules", "@photocen", "sdk"), "dir");
      writeFileSync(join(folder, "five-lines.mjs"), readmeBlock("five-lines"));
      const run = spawnSync(process.execPath, ["five-lines.mjs"], {
        cwd: folder,
        env: process.env,
        encoding: "utf8",
        timeout: 120_000,
      });
      assert.equal(run.status, 0, run.stderr);
      // completed <bytes> <hits> <credits spent today>
      const [status, bytes, hits, spent] = run.stdout.trim().split(/\s+/);
      assert.equal(status, "completed");
      assert.ok(Number(bytes) > 100, run.stdout);
      assert.ok(Number(hits) >= 0, run.stdout);
      assert.ok(Number(spent) >= 1, run.stdout);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test("generate, wait, download, and the job in the gallery until it is deleted", async () => {
    const before = await pc.credits();
    const job = await pc.generate("a lighthouse at dusk", { width: 256, height: 256, wait: true });
    assert.equal(job.status, "completed");
    assert.equal(job.images.length, 1);
    const bytes = await pc.download(job.images[0].url);
    const magic = { "image/png": PNG, "image/jpeg": JPEG }[job.images[0].content_type];
    assert.ok(magic, job.images[0].content_type);
    assert.deepEqual([...bytes.slice(0, magic.length)], magic);
    assert.ok(bytes.length > 100);
    assert.equal(await pc.credits(), before - job.credits_charged);
    const again = await pc.jobs.wait(job.job_id);
    assert.equal(again.job_id, job.job_id);
    const page = await pc.generations.list({ limit: 5 });
    assert.ok(page.data.some((item) => item.job_id === job.job_id));
    await pc.generations.delete(job.job_id);
    await assert.rejects(pc.generations.get(job.job_id), NotFound);
  });

  test("the same Idempotency-Key answers once and charges once", async () => {
    const before = await pc.credits();
    const first = await pc.generate("a red kite", { width: 256, height: 256, idempotencyKey: `js-${Date.now()}` });
    const key = `js-${first.job_id}`;
    const a = await pc.generate("a blue kite", { width: 256, height: 256, idempotencyKey: key });
    const b = await pc.generate("a blue kite", { width: 256, height: 256, idempotencyKey: key });
    assert.equal(a.job_id, b.job_id);
    await pc.jobs.wait(a.job_id);
    await pc.jobs.wait(first.job_id);
    assert.equal(await pc.credits(), before - 2);
  });

  test("delivery: bytes of the asked format, and the typed errors of bad calls", async () => {
    const jpeg = await pc.image(64, 48, { id: 1, grayscale: true, blur: 2 });
    assert.deepEqual([...jpeg.slice(0, 3)], JPEG);
    const png = await pc.image(32, null, { seed: "js-sdk", format: "png" });
    assert.deepEqual([...png.slice(0, 4)], PNG);
    const info = await pc.imageInfo({ id: 1 });
    assert.equal(info.id, "1");
    assert.ok((await pc.listImages({ limit: 2 })).length <= 2);
    await assert.rejects(pc.image(0, 10), ValidationFailed);
    await assert.rejects(pc.jobs.get("gen_doesnotexist"), NotFound);
    const stranger = new PhotoCen({ token: "pc_live_" + "x".repeat(43) });
    const error = await stranger.account().catch((e) => e);
    assert.ok(error instanceof Unauthorized);
    assert.ok(error.requestId);
  });

  test("usage, keys and search where the server offers them", async (t) => {
    if (offered.has("GET /v1/usage")) {
      const usage = await pc.usage();
      assert.ok(usage.today.requests >= 1);
    }
    if (offered.has("POST /v1/keys")) {
      const key = await pc.keys.create("js-sdk-e2e");
      assert.match(key.token, /^pc_live_/);
      const other = new PhotoCen({ token: key.token });
      assert.equal((await other.account()).account_id, (await pc.account()).account_id);
      await pc.keys.revoke(key.key_id);
      const listed = (await pc.keys.list()).keys.find((k) => k.key_id === key.key_id);
      assert.ok(listed.revoked_at);
    }
    if (offered.has("POST /v1/images/search")) {
      const page = await pc.search("landscape", { limit: 3 });
      assert.ok(Array.isArray(page.data));
      assert.ok(page.data.length <= 3);
    }
    if (!offered.has("GET /v1/usage") && !offered.has("POST /v1/keys")) t.diagnostic("no usage/keys routes yet");
  });

  test("every operation of /openapi.json has a method (or a reason it has none)", () => {
    const uncovered = [...offered].filter((operation) => {
      if (operation in OPERATIONS) return false;
      const path = operation.split(" ")[1];
      return !Object.keys(NOT_COVERED).some((prefix) => path.startsWith(prefix));
    });
    assert.deepEqual(uncovered, []);
    for (const method of new Set(Object.values(OPERATIONS))) {
      const target = method.split(".").reduce((owner, name) => owner?.[name], pc);
      assert.equal(typeof target, "function", method);
    }
  });
});
