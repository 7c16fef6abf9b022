import clicksend from 'clicksend';
import type { TestServer } from './server.js';

export { clicksend };

export interface SdkResult<T = any> {
  status: number;
  body: { http_code: number; response_code: string; response_msg: string; data: T };
}

/**
 * Awaits an official-SDK call and gives the HTTP status and parsed envelope, for successes and
 * failures alike (the SDK rejects on non-2xx with {response, body}).
 */
export async function call<T = any>(p: Promise<{ response: { statusCode?: number }; body: unknown }>): Promise<SdkResult<T>> {
  try {
    const r = await p;
    return { status: r.response.statusCode ?? 0, body: parse(r.body) };
  } catch (err) {
    const e = err as { response?: { statusCode?: number }; body?: unknown };
    if (!e?.response) throw err;
    return { status: e.response.statusCode ?? 0, body: parse(e.body) };
  }
}

function parse(body: unknown) {
  return (typeof body === 'string' ? JSON.parse(body) : body) as SdkResult['body'];
}

/** An SDK API class pointed at the test server with the given (default: owner's) credentials. */
export function sdk<K extends keyof typeof clicksend>(
  s: TestServer,
  api: K,
  who: { username: string; apiKey: string } = s.owner,
): InstanceType<Extract<(typeof clicksend)[K], new (...a: any[]) => any>> {
  const Api = clicksend[api] as unknown as new (u: string, k: string, base: string) => any;
  return new Api(who.username, who.apiKey, s.base);
}
