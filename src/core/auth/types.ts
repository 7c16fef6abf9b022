/** Permission flags a subaccount carries (ClickSend's access_* fields). */
export const ACCESS_FLAGS = ['users', 'billing', 'reporting', 'contacts', 'settings', 'sms', 'email', 'voice', 'fax', 'post', 'reseller', 'mms'] as const;
export type AccessFlag = (typeof ACCESS_FLAGS)[number];

/** Who is calling: the account, the subaccount whose credentials were used, and what it may do. */
export interface AuthContext {
  readonly accountId: number;
  readonly subaccountId: number;
  readonly apiUsername: string;
  readonly isPrimary: boolean;
  readonly access: Readonly<Record<AccessFlag, boolean>>;
  /** The API key that authenticated this request (in hand, so it may be echoed in full), if a key was used. */
  readonly presentedApiKey: string | undefined;
  /** Whatever the credential store loaded with the credentials (the subaccount row), so its module need not read it again. */
  readonly record: unknown;
}

/** A stored credential, as the accounts module hands it to the core. */
export interface StoredCredential {
  readonly accountId: number;
  readonly subaccountId: number;
  readonly apiUsername: string;
  readonly isPrimary: boolean;
  readonly apiKeyHash: string;
  readonly passwordHash: string | null;
  readonly access: Readonly<Record<AccessFlag, boolean>>;
  /** Opaque to the core; handed on as AuthContext.record. */
  readonly record?: unknown;
}

/** Implemented by the accounts module; lets core/auth resolve a username without importing modules. */
export interface CredentialStore {
  findByApiUsername(apiUsername: string): Promise<StoredCredential | undefined>;
  /** Read only for routes marked requiresActiveAccount, so other requests pay nothing for it. */
  isAccountActive(accountId: number): Promise<boolean>;
}

export type RouteAuth = 'public' | 'required';
