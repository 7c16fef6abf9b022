/**
 * Sends a request byte for byte as described (fetch would normalise paths like /x/%2e%2e and refuse odd
 * headers), and describes it so that a failure can be replayed with curl.
 */
import http from 'node:http';

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  text: string;
  json: unknown;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export function closeAgent() {
  agent.destroy();
}

export function sendRaw(origin: string, req: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  const u = new URL(origin);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...req.headers };
    if (req.body && headers['content-length'] === undefined) headers['content-length'] = String(req.body.length);
    const r = http.request({ agent, host: u.hostname, port: u.port, method: req.method, path: req.path, headers, timeout: timeoutMs, insecureHTTPParser: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, json });
      });
    });
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on('error', reject);
    r.end(req.body);
  });
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);

/** A replayable description: a curl command (body piped through base64 so every byte survives). */
export function describeRequest(origin: string, req: RawRequest, maxInline = 4096): string {
  const lines = [`${req.method} ${clip(req.path, 300)}`];
  for (const [k, v] of Object.entries(req.headers)) lines.push(`  ${k}: ${clip(JSON.stringify(v), 200)}`);
  if (req.body) lines.push(`  body (${req.body.length} bytes): ${clip(JSON.stringify(req.body.toString('utf8')), 400)}`);
  const hs = Object.entries(req.headers)
    .map(([k, v]) => `-H ${shellQuote(`${k}: ${v}`)}`)
    .join(' ');
  const curl = `curl -sS -i --path-as-is -X ${req.method} ${hs} ${shellQuote(origin + req.path)}`;
  const fits = req.path.length + Object.values(req.headers).join('').length + (req.body?.length ?? 0) <= maxInline;
  if (!fits) lines.push('  (too long to inline as curl; the full request is in the failures file)');
  else if (req.body) lines.push(`  replay: echo ${req.body.toString('base64')} | base64 -d | ${curl} --data-binary @-`);
  else lines.push(`  replay: ${curl}`);
  return lines.join('\n');
}
