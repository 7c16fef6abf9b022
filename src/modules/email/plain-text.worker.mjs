// Starts the email plain-text thread. Plain JavaScript because worker threads do not inherit the tsx loader the
// server runs under, and Node 20 does not apply --import to workers (as contacts' normalise.worker.mjs).
// In dist/ the compiled plain-text.worker.js sits next to this file: no tsx there.
import fs from 'node:fs';

const compiled = new URL('./plain-text.worker.js', import.meta.url);
if (fs.existsSync(compiled)) await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./plain-text.worker.ts');
}
