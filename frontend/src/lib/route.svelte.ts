// A tiny hash router for the workspace: "#/clients?q=smith&sort=-name".
// List state lives in the query so a reload keeps the page the user was on.

function parse(hash: string): { path: string; query: URLSearchParams } {
  const h = hash.replace(/^#/, '');
  const i = h.indexOf('?');
  const path = (i < 0 ? h : h.slice(0, i)) || '/';
  return { path, query: new URLSearchParams(i < 0 ? '' : h.slice(i + 1)) };
}

class Route {
  path = $state('/');
  query = $state.raw(new URLSearchParams());

  constructor() {
    if (typeof window === 'undefined') return;
    this.read();
    window.addEventListener('hashchange', () => this.read());
  }

  /** Re-reads the address (after a history.pushState, which fires no hashchange). */
  read() {
    const r = parse(window.location.hash);
    this.path = r.path;
    this.query = r.query;
  }

  /** Goes to a page (a new history entry). */
  go(path: string) {
    window.location.hash = path;
  }

  /** Swaps an unknown or empty path for a real one, keeping history clean. */
  replacePath(path: string) {
    history.replaceState(history.state, '', `#${path}`);
    this.path = path;
    this.query = new URLSearchParams();
  }

  /** Records a list's state in the address without a new history entry. */
  replaceQuery(values: Record<string, string | number | undefined>) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '' && v !== 0) q.set(k, String(v));
    const s = q.toString();
    history.replaceState(history.state, '', `#${this.path}${s ? '?' + s : ''}`);
    this.query = q;
  }
}

export const route = new Route();
