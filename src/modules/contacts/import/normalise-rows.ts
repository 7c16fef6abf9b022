import { CONTACT_FIELDS, normaliseContact, type ContactField, type ContactInput } from '../contact-fields.js';

export interface NormaliseJob {
  id: number;
  rows: string[][];
  /** The contact field of each column (null = ignored). */
  fields: (ContactField | null)[];
  country: string;
}

/**
 * Flat answers (cheap to pass between threads): the CONTACT_FIELDS values of each accepted row, one after another, and
 * the index and reason of each refused row.
 */
export interface NormaliseReply {
  values: (string | null)[];
  refused: [index: number, reason: string][];
}

export function normaliseRows(job: Omit<NormaliseJob, 'id'>): NormaliseReply {
  const values: (string | null)[] = [];
  const refused: [number, string][] = [];
  const { fields } = job;
  for (let r = 0; r < job.rows.length; r++) {
    const cells = job.rows[r]!;
    const input: ContactInput = {};
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      if (field) input[field] = cells[i];
    }
    const checked = normaliseContact(input, { accountCountry: job.country });
    if (!checked.ok) refused.push([r, checked.message]);
    else for (const f of CONTACT_FIELDS) values.push(checked.fields[f]);
  }
  return { values, refused };
}
