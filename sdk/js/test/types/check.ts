// Type-checks the SDK's declarations the way a TypeScript user calls it (strict, nodenext):
//   npx -p typescript@5 tsc -p sdk/js/test/types
// Never executed; a wrong or missing type in src/photocen.d.ts fails the compile.
import { PhotoCen, InsufficientCredits, RateLimited, verifyWebhook, imagePath, type Job } from "@photocen/sdk";
const pc = new PhotoCen({ baseUrl: "http://x", token: "t", retry: { maxRetries: 1 } });
async function main(): Promise<void> {
  const job: Job = await pc.generate("a fox", { wait: true, width: 512, not_searchable: true });
  const bytes: Uint8Array = await pc.download(job.images[0].url);
  const hits = await pc.search("fox", { limit: 3, filters: { own_images_only: true } });
  const usage = await pc.usage();
  console.log(job.status, bytes.length, hits.data[0]?.score, usage.today.credits_spent, pc.rateLimit?.remaining);
  const img: Uint8Array = await pc.image(400, 300, { id: 7, grayscale: true, blur: 3, format: "webp" });
  const key = await pc.keys.create("ci");
  await pc.keys.revoke(key.key_id, { confirmLastKey: false });
  for await (const g of pc.generations.iter({ pageSize: 5 })) console.log(g.job_id);
  await pc.partner.users.transfer("u", 5, { direction: "to_pool" });
  const p = await pc.enhancePrompt("fox", { tone: "cozy" });
  try { await pc.account(); } catch (e) { if (e instanceof RateLimited) console.log(e.retryAfter); if (e instanceof InsufficientCredits) console.log(e.requestId, e.code); }
  const event = await verifyWebhook<{ type: string }>("whsec_x", "{}", new Headers());
  console.log(img.length, p.prompt, event.type, imagePath(1, 2));
}
main();
