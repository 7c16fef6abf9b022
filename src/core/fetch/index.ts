export { SafeFetcher, type SafeFetcherOptions, type FetchOptions, type FetchResult, type SendRequest, type SendResult, type Resolver, type ResolvedAddress } from './safe-fetcher.js';
export { FetchError, fetchErrorToApiError, type FetchErrorCode } from './errors.js';
export { classifyAddress, strictAddressPolicy, permissiveAddressPolicy, type AddressPolicy, type AddressClass } from './address-policy.js';
