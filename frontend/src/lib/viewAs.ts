// "View as client": an office user opens the portal read-only as one client
// or group (portal.html?asKind=client&asId=…). The server accepts the
// parameters from office users only (backend/http/portal.go); here every
// portal API request carries them.
import type { ViewKind } from './types';

export interface ViewAs {
  kind: ViewKind;
  id: string;
}

/** The portal address that views as kind/id. */
export function viewAsURL(kind: ViewKind, id: string): string {
  return `./portal.html?${new URLSearchParams({ asKind: kind, asId: id })}`;
}

/** The view-as target of this page, if its address names one. */
export function currentViewAs(search: string = typeof location === 'undefined' ? '' : location.search): ViewAs | null {
  const q = new URLSearchParams(search);
  const kind = q.get('asKind');
  const id = q.get('asId');
  if ((kind === 'client' || kind === 'group') && id) return { kind, id };
  return null;
}

/** Adds the view-as parameters to a portal API path. */
export function withViewAs(path: string, va: ViewAs | null = currentViewAs()): string {
  if (!va || !path.startsWith('/api/portal/')) return path;
  const sep = path.includes('?') ? '&' : '?';
  return `${path}${sep}${new URLSearchParams({ asKind: va.kind, asId: va.id })}`;
}

/** Where "View as" opens: a new tab in a browser; in place in the desktop
 * window, whose webview has no tabs (the banner links back). */
export function viewAsTarget(): '_blank' | undefined {
  return typeof window !== 'undefined' && 'go' in window ? undefined : '_blank';
}
