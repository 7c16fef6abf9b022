declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route honours an `Idempotency-Key` header (a send: it spends money and cannot be undone), so a client may
     * retry it safely. The idempotency module (src/modules/idempotency) attaches the behaviour to every route under
     * /v3 so marked: this flag is all a route does to opt in.
     */
    idempotent?: boolean;
  }
}

/** The request header a client names a retryable request with (Stripe's name; ClickSend has none: additive). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set to "true" on an answer that is the stored first answer to the same key, not a new execution. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
