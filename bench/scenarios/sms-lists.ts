/**
 * POST /v3/sms/send to a contact list: one message with list_id expanded to 1000 contacts, each body personalised
 * ("Hi (First Name), order #(Cust. 1) …"), against the anchor of the same call with 1000 plain `to` messages. The
 * list send does the same work per message plus reading the list and filling placeholders. Measured in process (CPU
 * time, SQLite): the list's two keyset reads through ContactListPort cost ~10 ms for 1000 contacts, placeholders
 * ~1.5 ms, against ~15–25 ms for checking and pricing 1000 messages; hence the goal ≥ 0.7 of the anchor's requests/s.
 */
import { startServerChild } from '../lib/child.js';
import type { BenchTarget, Scenario } from '../lib/scenario.js';

const PLAIN = 'sendbox POST /v3/sms/send, 1000 `to` messages (anchor)';
const LIST = 'sendbox POST /v3/sms/send, one list_id of 1000 contacts, personalised';
const BODY = 'Hi (First Name), your order #(Cust. 1) has shipped and will arrive on Thursday.';

const basic = (u: { username: string; apiKey: string }) => `Basic ${Buffer.from(`${u.username}:${u.apiKey}`).toString('base64')}`;

export const scenario: Scenario = {
  name: 'sms-lists',
  title: 'SMS send to a 1000-contact list (expanded, personalised) vs 1000 plain messages',
  async start({ profileDir }) {
    const child = await startServerChild('sms-lists', profileDir ? { profileDir } : {});
    const info = child.info as unknown as { origin: string; sender: { username: string; apiKey: string }; listId: number; dialect: string };
    const headers = { authorization: basic(info.sender), 'content-type': 'application/json' };
    const plain = Array.from({ length: 1000 }, (_, i) => ({
      to: `+6141${String(3_000_000 + i).padStart(7, '0')}`,
      body: `Hi Ann, your order #${10_000 + i} has shipped and will arrive on Thursday.`,
    }));
    const targets: BenchTarget[] = [
      { label: PLAIN, origin: info.origin, path: '/v3/sms/send', method: 'POST', headers, body: JSON.stringify({ messages: plain }), cpuMicros: child.cpuMicros },
      { label: LIST, origin: info.origin, path: '/v3/sms/send', method: 'POST', headers, body: JSON.stringify({ messages: [{ list_id: info.listId, body: BODY }] }), cpuMicros: child.cpuMicros },
    ];
    return {
      targets,
      ratio: { numerator: LIST, denominator: PLAIN, goal: 0.7 },
      facts: {
        database: info.dialect === 'postgres' ? 'PostgreSQL (fresh database)' : 'SQLite (temp DATA_DIR)',
        'messages accepted/s': 'req/s × 1000',
        'THROTTLED check': 'off (SMS_THROTTLE_WINDOW_S=0): autocannon repeats one body',
        dispatcher: 'off (DISPATCH=0: an API process)',
      },
      stop: () => child.stop(),
    };
  },
};
