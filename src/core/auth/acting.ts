import { ACCESS_FLAGS, type AccessFlag, type AuthContext } from './types.js';

const EVERY_PERMISSION: Readonly<Record<AccessFlag, boolean>> = Object.freeze(Object.fromEntries(ACCESS_FLAGS.map((f) => [f, true])) as Record<AccessFlag, boolean>);

/**
 * Credentials the server acts with on an account's behalf, with no request behind them (a campaign job, an automation
 * rule's send): the named subaccount sends and is charged, with every permission, since what runs was set up by the
 * account itself and checked when it was.
 */
export function actingAs(who: { accountId: number; subaccountId: number; apiUsername: string; isPrimary: boolean }): AuthContext {
  return { ...who, access: EVERY_PERMISSION, presentedApiKey: undefined, record: undefined };
}
