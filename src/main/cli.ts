import { parseArgs } from 'node:util';
import { ConfigError } from '../config/index.js';

const USAGE = `usage: sendbox <command>

  serve                 API and dispatcher in one process (npm start)
  worker                dispatcher only, for scale-out on PostgreSQL
  migrate               run database migrations and exit
  account create        create an account and print its credentials
      --username NAME  --email ADDRESS  [--country AU]  [--phone +614…]  [--name "Company"]
`;

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'serve':
      await (await import('./server.js')).serve();
      return -1;
    case 'worker':
      await (await import('./worker.js')).work();
      return -1;
    case 'migrate': {
      const { openRuntime } = await import('./runtime.js');
      const { dbh } = await openRuntime();
      process.stdout.write(`migrations are up to date (${dbh.location})\n`);
      await dbh.close();
      return 0;
    }
    case 'account': {
      if (sub !== 'create') break;
      const { values } = parseArgs({
        args: rest,
        options: { username: { type: 'string' }, email: { type: 'string' }, country: { type: 'string' }, phone: { type: 'string' }, name: { type: 'string' } },
      });
      if (!values.username || !values.email) {
        process.stderr.write('account create needs --username and --email\n');
        return 2;
      }
      const { openRuntime, clock } = await import('./runtime.js');
      const { compose } = await import('./compose.js');
      const { createOwnerAccount } = await import('./bootstrap.js');
      const { config, dbh } = await openRuntime();
      const system = compose({ config, dbh, clock });
      const created = await createOwnerAccount(system.services, {
        username: values.username,
        email: values.email,
        country: values.country ?? 'AU',
        ...(values.phone ? { phone: values.phone } : {}),
        ...(values.name ? { name: values.name } : {}),
      });
      process.stdout.write(`username: ${created.username}\nAPI key:  ${created.apiKey}\npassword: ${created.password}\n`);
      await system.close();
      await dbh.close();
      return 0;
    }
    default:
      break;
  }
  process.stderr.write(USAGE);
  return command ? 2 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof ConfigError) process.stderr.write(`configuration error: ${err.message}\n`);
    else if (err && typeof err === 'object' && 'responseCode' in err) process.stderr.write(`${(err as unknown as Error).message}\n`);
    else if ((err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') process.stderr.write(busyPort(err as { port?: number; address?: string }));
    else process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

/** One line instead of listen's stack trace: which port, and the settings that move it. */
function busyPort(err: { port?: number; address?: string }): string {
  return `port ${err.port} on ${err.address} is already in use: stop what holds it, or set PORT (or HOST) to another value\n`;
}
