import type { SendRequest } from '../../core/fetch/index.js';
import type { Payload } from './webhooks.payloads.js';
import { signature } from './webhooks.signing.js';

export interface OutgoingWebhook {
  readonly url: string;
  readonly request: SendRequest & { headers: Record<string, string> };
}

/**
 * The HTTP request for one attempt, from the stored delivery: `post` a form body, `get` the fields appended to the
 * URL's own query, `json` a JSON body. Values are sent as stored (strings in form and query modes). Signed headers are
 * additive: a receiver written for ClickSend ignores them.
 */
export function buildRequest(d: { url: string; webhookType: string; payload: Payload; eventId: string; eventType: string; attempt: number }, secret: string, nowSeconds: number): OutgoingWebhook {
  const fields = Object.entries(d.payload).map(([k, v]) => [k, String(v)] as [string, string]);
  let url = d.url;
  let signed: string;
  const headers: Record<string, string> = {
    'user-agent': 'Sendbox-Webhooks/1',
    'x-sendbox-event-id': d.eventId,
    'x-sendbox-event-type': d.eventType,
    'x-sendbox-attempt': String(d.attempt),
    'x-sendbox-timestamp': String(nowSeconds),
  };
  let body: string | undefined;
  if (d.webhookType === 'get') {
    const u = new URL(d.url);
    const query = new URLSearchParams(fields).toString();
    u.search = u.search.length > 1 ? `${u.search.slice(1)}&${query}` : query;
    u.hash = '';
    url = u.href;
    signed = u.search.slice(1);
  } else if (d.webhookType === 'json') {
    body = JSON.stringify(d.payload);
    headers['content-type'] = 'application/json';
    signed = body;
  } else {
    body = new URLSearchParams(fields).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
    signed = body;
  }
  headers['x-sendbox-signature'] = signature(secret, d.eventId, nowSeconds, signed);
  return { url, request: { method: d.webhookType === 'get' ? 'GET' : 'POST', headers, ...(body === undefined ? {} : { body }) } };
}
