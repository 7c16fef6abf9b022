import type { AutomationEvent } from '../../../core/messaging/index.js';
import type { ActionClaim } from './actions.repository.js';

/** What an action did, stored as the row's result in the transaction of its effect; `ok: false` says why it could not. */
export type ActionResult = { ok: true; [detail: string]: unknown } | { ok: false; error: string; [detail: string]: unknown };

/** One claimed action, as its runner sees it. */
export interface ActionJob {
  readonly claim: ActionClaim;
  readonly accountId: number;
  readonly action: string;
  readonly address: string;
  readonly ruleBody: string | null;
  /** The keyword a "starts with" rule matched (cut from the text before a name is read from it). */
  readonly ruleKeyword: string | null;
  readonly event: AutomationEvent;
  readonly nowS: number;
}

/** Thrown inside an effect's transaction when another run has recorded the action (or moved its cursor): the effect rolls back. */
export class Superseded extends Error {
  override name = 'Superseded';
}

export const failure = (error: string): ActionResult => ({ ok: false, error });
