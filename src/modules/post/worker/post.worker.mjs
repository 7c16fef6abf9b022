// Starts a post worker thread. Plain JavaScript because worker threads do not inherit the tsx loader the server
// runs under (bin/sendbox.mjs registers it the same way), and Node 20 does not apply --import to workers.
import { register } from 'tsx/esm/api';

register();
await import('./post.worker.ts');
