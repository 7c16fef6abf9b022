/**
 * Pathological JSON bodies against a real server child (issue 7 item 6): how long the server takes to
 * answer and how far its memory grows. Each case gets a fresh server, so its peak RSS (VmHWM) is the
 * case's own. Run: npx tsx bench/body-limits.ts (prints a Markdown table; nothing is written).
 */
import fs from 'node:fs';
import http from 'node:http';
import { startServerChild } from './lib/child.js';

const MB = 1024 * 1024;

/** 1.2 million keys in about 14 MB: {"k0":0,"k1":0,…}. */
function manyKeys(): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < 1_200_000; i++) parts.push(`"k${i}":0`);
  return Buffer.from(`{${parts.join(',')}}`);
}

/** Arrays nested 7 million deep: 14 MB of brackets. */
function deepArrays(): Buffer {
  const half = 7 * 1000 * 1000;
  const b = Buffer.alloc(half * 2);
  b.fill(0x5b, 0, half);
  b.fill(0x5d, half);
  return b;
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024);
}

function post(origin: string, path: string, body: Buffer, auth?: string): Promise<{ status: number; ms: number; msg: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, origin);
    let started = process.hrtime.bigint();
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': body.length };
    if (auth) headers.authorization = auth;
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        let msg = text;
        try {
          msg = JSON.parse(text).response_msg;
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, ms: Math.round(ms), msg: msg.slice(0, 90) });
      });
    });
    // The server may answer (413) and close before the whole body is sent, which is the point: write in
    // chunks and stop at the answer rather than fail on the closed socket.
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('error', (err) => (answered ? undefined : reject(err)));
    let offset = 0;
    const pump = (): void => {
      if (answered) return;
      if (offset === 0) started = process.hrtime.bigint(); // time the body, not the wait below
      if (offset >= body.length) return void req.end();
      const chunk = body.subarray(offset, offset + 64 * 1024);
      offset += chunk.length;
      if (req.write(chunk)) setImmediate(pump);
      else req.once('drain', pump);
    };
    // Headers first, a moment for an answer from Content-Length alone (timed from the headers), then the body.
    req.flushHeaders();
    setTimeout(pump, 500);
  });
}

const cases: Array<{ label: string; path: string; body: () => Buffer; authed: boolean }> = [
  { label: '1.2 M keys, public POST /v3/account', path: '/v3/account', body: manyKeys, authed: false },
  { label: '7 M nested arrays, public POST /v3/account', path: '/v3/account', body: deepArrays, authed: false },
  { label: '1.2 M keys, POST /v3/sms/send (bulk)', path: '/v3/sms/send', body: manyKeys, authed: true },
  { label: '7 M nested arrays, POST /v3/sms/send (bulk)', path: '/v3/sms/send', body: deepArrays, authed: true },
];

console.log('| body | size | status | answered in (ms) | server peak RSS (MB): idle → after | answer |');
console.log('|---|---:|---:|---:|---|---|');
for (const c of cases) {
  const server = await startServerChild('sendbox', { env: { BENCH_LOG_LEVEL: 'warn', DISPATCH: '0' } });
  try {
    const body = c.body();
    const idle = peakRssMb(server.pid);
    const auth = c.authed ? `Basic ${Buffer.from(`${server.info.username}:${server.info.apiKey}`).toString('base64')}` : undefined;
    const r = await post(server.info.origin, c.path, body, auth).catch((err: Error) => ({ status: 0, ms: 0, msg: `client error: ${err.message}` }));
    console.log(`| ${c.label} | ${(body.length / MB).toFixed(1)} MB | ${r.status} | ${r.ms} | ${idle} → ${peakRssMb(server.pid)} | ${r.msg} |`);
  } finally {
    await server.stop();
  }
}
