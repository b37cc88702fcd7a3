// The portal's overlays live in the address ("#/list/quotes?status=submitted",
// "#/quote/…"), so a reload or a shared link reopens them and the browser's
// Back closes them. Each overlay opened here is one history entry, counted
// in history.state, so closing steps back to where the user was; an overlay
// reached by a link (nothing to step back to) closes to the main page.
import { route } from '../lib/route.svelte';

function depth(): number {
  const d = (history.state as { portalDepth?: number } | null)?.portalDepth;
  return typeof d === 'number' ? d : 0;
}

/** Opens an overlay (or the next one over it) as a new history entry. */
export function openOverlay(path: string): void {
  history.pushState({ ...(history.state ?? {}), portalDepth: depth() + 1 }, '', `#${path}`);
  route.read();
}

/** Closes the top overlay: Back if this page opened it, else to the main page. */
export function closeOverlay(): void {
  if (depth() > 0) history.back();
  else route.replacePath('/');
}
