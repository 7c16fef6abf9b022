/** `sendbox worker`: the dispatcher alone (filled in with core/dispatch). */
export async function work(): Promise<void> {
  throw new Error('sendbox worker is not available yet');
}
