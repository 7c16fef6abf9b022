import pino from 'pino';
import { compose } from './compose.js';
import { clock, openRuntime } from './runtime.js';

/** `sendbox worker`: the dispatcher alone, no HTTP. Run several against one PostgreSQL database to scale out. */
export async function work(): Promise<void> {
  const { config, dbh } = await openRuntime();
  // Modules are built (their dispatch queues and periodic tasks), never their routes: no HTTP here.
  const system = compose({ config, dbh, clock });
  const { dispatcher } = system;
  // pino, as Fastify uses in `serve`, so both processes log the same JSON lines.
  const log = pino({ level: config.logLevel });
  dispatcher.start({ log });
  log.info({ worker: dispatcher.id, database: dbh.location, pollMs: config.dispatch.pollMs, batch: config.dispatch.batchSize }, 'sendbox worker running');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await system.close(); // the dispatcher first: claims nothing new, lets the hand-offs in flight finish and record
    await dbh.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
