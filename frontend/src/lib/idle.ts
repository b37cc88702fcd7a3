// Work that can wait: each fn runs when the browser is next idle (or at
// the latest `timeout` ms after the one before), one at a time in the
// order given, so a page's deferred charts draw one after another without
// holding up what is in sight. Returns a cancel.
//
// holdIdle() keeps the queue waiting (what is in sight is still loading:
// the portal's map) until the release it returns is called, or `limit` ms
// have passed.
const queue: (() => void)[] = [];
let waiting = false;
let holds = 0;
const DEFAULT_TIMEOUT = 100;

export function whenIdle(fn: () => void): () => void {
  queue.push(fn);
  pump();
  return () => {
    const i = queue.indexOf(fn);
    if (i >= 0) queue.splice(i, 1);
  };
}

export function holdIdle(limit = 3000): () => void {
  holds++;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearTimeout(timer);
    holds--;
    pump();
  };
  const timer = setTimeout(release, limit);
  return release;
}

function pump() {
  if (waiting || holds > 0 || queue.length === 0) return;
  waiting = true;
  const next = () => {
    waiting = false;
    if (holds > 0) return;
    queue.shift()?.();
    pump();
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(next, { timeout: DEFAULT_TIMEOUT });
  else setTimeout(next, 50);
}
