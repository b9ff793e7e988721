/** Waits for something the host does a moment later (a push, a panel, a debounced update): its value, or a timeout naming it. */
export async function until<T>(what: string, fn: () => T | undefined, tries = 300): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
