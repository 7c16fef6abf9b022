import { randomBytes } from 'node:crypto';
import type { AccountsService } from '../modules/accounts/index.js';

/** What creating an owner needs (the composition's services, or anything with the accounts service). */
type Services = { readonly accounts: AccountsService };

export interface CreatedCredentials {
  username: string;
  apiKey: string;
  password: string;
  accountId: number;
}

/** Creates an active account with a random password; used on first start and by `sendbox account create`. */
export async function createOwnerAccount(services: Services, input: { username: string; email: string; country: string; phone?: string; name?: string }): Promise<CreatedCredentials> {
  const password = randomBytes(12).toString('base64url');
  const { account, apiKey } = await services.accounts.createAccount(
    {
      username: input.username,
      password,
      user_email: input.email,
      user_phone: input.phone ?? '+61411111111',
      user_first_name: 'Sendbox',
      user_last_name: 'Owner',
      account_name: input.name ?? 'Sendbox',
      country: input.country,
    },
    { active: true },
  );
  return { username: input.username, apiKey, password, accountId: account.id };
}

/** On an empty database, the first start creates an account so a newcomer can call the API at once. */
export async function ensureFirstAccount(services: Services): Promise<CreatedCredentials | undefined> {
  if ((await services.accounts.repo.countAccounts()) > 0) return undefined;
  return createOwnerAccount(services, { username: 'sendbox', email: 'owner@sendbox.local', country: 'AU' });
}
