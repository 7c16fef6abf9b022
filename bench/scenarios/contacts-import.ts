/**
 * Issue target (SQLite and PostgreSQL, 2 cores): CSV import ≥ 20,000 contacts/s. The server child measures one import
 * of a 200,000-row CSV (BENCH_IMPORT_ROWS) before it listens, reported as a fact; the loaded targets are what a client
 * polls while an import runs (GET /lists/{id} with its `_import`) and the preview of that file.
 */
import { startServerChild } from '../lib/child.js';
import type { BenchTarget, Scenario } from '../lib/scenario.js';

const basic = (u: { username: string; apiKey: string }) => `Basic ${Buffer.from(`${u.username}:${u.apiKey}`).toString('base64')}`;

export const scenario: Scenario = {
  name: 'contacts-import',
  title: 'Contact import of a 200,000-row CSV (contacts/s), the list with its _import, and the CSV preview',
  async start({ profileDir }) {
    const child = await startServerChild('contacts-import', { ...(profileDir ? { profileDir } : {}) });
    const info = child.info as unknown as { origin: string; owner: { username: string; apiKey: string }; listId: number; fileUrl: string; dialect: string; import: string };
    const headers = { authorization: basic(info.owner) };
    const targets: BenchTarget[] = [
      { label: 'sendbox GET /v3/lists/{id} (with _import)', origin: info.origin, path: `/v3/lists/${info.listId}`, headers, cpuMicros: child.cpuMicros },
      {
        label: 'sendbox POST /v3/lists/{id}/import-csv-preview (200,000-row file)',
        origin: info.origin,
        path: `/v3/lists/${info.listId}/import-csv-preview`,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ file_url: info.fileUrl }),
        cpuMicros: child.cpuMicros,
      },
    ];
    return {
      targets,
      facts: {
        database: info.dialect === 'postgres' ? 'PostgreSQL (fresh database)' : 'SQLite (temp DATA_DIR)',
        'import (measured before loading)': info.import,
        target: 'CSV import ≥ 20,000 contacts/s',
        'sendbox log level': process.env.BENCH_LOG_LEVEL ?? 'info',
      },
      stop: () => child.stop(),
    };
  },
};
