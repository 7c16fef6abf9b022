// `node --import tsx --import ./bin/prefer-dist.mjs file.ts`: for harnesses written in TypeScript that import the
// sources (the bench's server children), so they run the same build as `npm start`. While dist/ is current, every
// import that resolves to a file under src/ or migrations/ loads its compiled twin in dist/ instead (one copy of
// each module; worker threads start from dist/ too). When dist/ is stale or missing, it says so once and changes
// nothing: the sources run through tsx, as bin/sendbox.mjs does.
import { register } from 'node:module';
import { staleReason } from './build-state.mjs';

const stale = staleReason();
if (stale === undefined) register('./dist-hooks.mjs', import.meta.url);
else process.stderr.write(`sendbox: ${stale}; running the TypeScript sources through tsx (npm run build makes starts fast)\n`);
