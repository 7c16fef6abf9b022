// Starts an ImageConverter worker thread. Plain JavaScript because worker threads do not inherit the tsx loader the
// server runs under (bin/sendbox.mjs registers it the same way), and Node 20 does not apply --import to workers.
// In dist/ (the install-time build, scripts/build.mjs) the compiled image.worker.js sits next to this file: no tsx there.
import fs from 'node:fs';

const compiled = new URL('./image.worker.js', import.meta.url);
if (fs.existsSync(compiled)) await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./image.worker.ts');
}
