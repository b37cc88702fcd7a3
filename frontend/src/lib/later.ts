// Work that can wait: each fn runs in a task of its own after the ones
// queued before it, so a page's charts further down draw one after another
// (the browser draws and answers input between them) without holding up
// what is in sight. Returns a cancel.
//
// holdLater() keeps the queue waiting while what is in sight is still
// loading (the portal's map), until the release it returns is called or
// `limit` ms have passed.
const queue: (() => void)[] = [];
let waiting = false;
let holds = 0;

export function later(fn: () => void): () => void {
  queue.push(fn);
  pump();
  return () => {
    const i = queue.indexOf(fn);
    if (i >= 0) queue.splice(i, 1);
  };
}

export function holdLater(limit = 3000): () => void {
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
  setTimeout(() => {
    waiting = false;
    if (holds > 0) return;
    queue.shift()?.();
    pump();
  }, 0);
}
