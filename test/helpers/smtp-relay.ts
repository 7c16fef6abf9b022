import type { AddressInfo, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** An SMTP answer the relay gives instead of accepting ("550", "5.1.1 <x@y>: Recipient address rejected"). */
export interface SmtpReply {
  code: number;
  text: string;
}

/** How the relay behaves from now on; a test may change it between sends (refuse with 451, then accept). */
export interface RelayBehaviour {
  /** Refuses this RCPT TO. */
  rcpt?(address: string): SmtpReply | undefined;
  /** The answer to the end of DATA: a refusal, 'hang' (never answers: a slow relay), 'drop' (closes the connection mid-DATA). */
  data?(): SmtpReply | 'hang' | 'drop' | undefined;
}

/** One message the relay accepted: its envelope and the bytes as they arrived. */
export interface Delivered {
  from: string;
  to: string[];
  raw: Buffer;
  /** The session was TLS (smtps:// or after STARTTLS). */
  secure: boolean;
  /** The AUTH user, when the client logged in. */
  user: string | undefined;
}

export interface Relay {
  port: number;
  /** smtp://127.0.0.1:port or smtps://…, with credentials and query as given. */
  url(opts?: { user?: string; pass?: string; query?: string }): string;
  behaviour: RelayBehaviour;
  readonly delivered: Delivered[];
  /** TCP connections opened so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export interface RelayOptions {
  /** Requires AUTH with these credentials (PLAIN/LOGIN over the plain connection too: loopback only). */
  auth?: { user: string; pass: string };
  /** TLS with this key and certificate: 'implicit' (smtps://) or 'starttls' (offered after EHLO). None by default. */
  tls?: { key: string; cert: string; mode: 'implicit' | 'starttls' };
  /** Listen on this port (a relay that comes back where it was); a free one by default. */
  port?: number;
}

function refusal(r: SmtpReply): Error {
  return Object.assign(new Error(r.text), { responseCode: r.code });
}

/** A real SMTP server (smtp-server) on 127.0.0.1 and a free port, in the test process. */
export async function startRelay(opts: RelayOptions = {}): Promise<Relay> {
  const delivered: Delivered[] = [];
  const sockets = new Map<number, Socket>();
  const hanging = new Set<() => void>();
  let connections = 0;
  const state: { behaviour: RelayBehaviour } = { behaviour: {} };
  const options: SMTPServerOptions = {
    secure: opts.tls?.mode === 'implicit',
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    disabledCommands: [...(opts.tls ? [] : ['STARTTLS']), ...(opts.auth ? [] : ['AUTH'])],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    closeTimeout: 50,
    logger: false,
    onConnect(_session, cb) {
      connections++;
      cb();
    },
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) return cb(null, { user: auth.username });
      cb(refusal({ code: 535, text: '5.7.8 Authentication credentials invalid' }));
    },
    onRcptTo(address, _session, cb) {
      const refused = state.behaviour.rcpt?.(address.address);
      cb(refused ? refusal(refused) : null);
    },
    onData(stream: Readable, session, cb) {
      const answer = state.behaviour.data?.();
      if (answer === 'drop') {
        stream.once('data', () => sockets.get(session.remotePort)?.destroy());
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (answer === 'hang') {
          const release = () => cb(refusal({ code: 421, text: '4.3.2 shutting down' }));
          hanging.add(release);
          return;
        }
        if (answer) return cb(refusal(answer));
        const env = session.envelope;
        delivered.push({
          from: env.mailFrom ? env.mailFrom.address : '',
          to: env.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        cb(null, `2.0.0 Ok: queued as Q${delivered.length}`);
      });
    },
  };
  const server = new SMTPServer(options);
  server.on('error', () => undefined); // a client that vanishes mid-session is what some tests do
  server.server.on('connection', (socket: Socket) => {
    const port = socket.remotePort ?? 0;
    sockets.set(port, socket);
    socket.once('close', () => sockets.delete(port));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const scheme = opts.tls?.mode === 'implicit' ? 'smtps' : 'smtp';
  return {
    port,
    url: (u = {}) => {
      const cred = u.user === undefined ? '' : `${encodeURIComponent(u.user)}:${encodeURIComponent(u.pass ?? '')}@`;
      return `${scheme}://${cred}127.0.0.1:${port}${u.query ? `?${u.query}` : ''}`;
    },
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(b: RelayBehaviour) {
      state.behaviour = b;
    },
    delivered,
    get connections() {
      return connections;
    },
    close: async () => {
      for (const release of hanging) release();
      hanging.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
