// Runs fn when the browser is next idle (at the latest after `timeout`
// ms), or after a short wait where it cannot tell; returns a cancel.
export function whenIdle(fn: () => void, timeout = 1500): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 200);
  return () => clearTimeout(id);
}
