/**
 * Maps items one after another with an async function, giving the event loop a turn (setImmediate) every `every`
 * items: CPU work done item by item on the request thread (the post address check measures text with fontkit,
 * ~1 ms an address) then lets other requests in between instead of holding them for a whole 1000-item batch.
 */
export async function mapInTurns<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R> | R, every = 16): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % every === 0) await new Promise((resolve) => setImmediate(resolve));
    out.push(await fn(items[i]!, i));
  }
  return out;
}
