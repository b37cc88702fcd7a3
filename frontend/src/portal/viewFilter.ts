import type { View } from '../lib/types';

export interface ViewRow {
  view: View;
  /** Shown only as the parent of a match, not a match itself. */
  context: boolean;
}

/**
 * Filters views (listed parent-first, with depth) by name, keeping each
 * match's ancestors so the user sees where a client sits.
 */
export function filterViews(views: View[], text: string): ViewRow[] {
  const q = text.trim().toLowerCase();
  if (!q) return views.map((view) => ({ view, context: false }));
  const keep = new Map<number, boolean>(); // index → is a match
  const stack: number[] = []; // indexes of the current ancestors
  views.forEach((v, i) => {
    while (stack.length && views[stack[stack.length - 1]!]!.depth >= v.depth) stack.pop();
    if (v.name.toLowerCase().includes(q)) {
      keep.set(i, true);
      for (const a of stack) if (!keep.has(a)) keep.set(a, false);
    }
    stack.push(i);
  });
  return [...keep.keys()].sort((a, b) => a - b).map((i) => ({ view: views[i]!, context: !keep.get(i) }));
}
