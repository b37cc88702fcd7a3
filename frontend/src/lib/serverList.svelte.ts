// One server-side list page's data: the rows and total for the query the
// page's filters make, reloaded whenever the query changes (the previous
// request aborted) or reload() is called. Construct it during component
// initialisation: it owns an effect. The query is an object (empty values
// left out), or a ready "?a=1&b=" string for a list that needs an empty
// value kept (the clients list's "no group"). The path may be a function
// too (a list whose kind is a prop); onConflict takes a 409 instead of the
// error message (the portal's "choose a view").
import { untrack } from 'svelte';
import { ApiError, api, errorMessage, isAbort, type Query } from './api';
import type { ListResult } from './types';

export class ServerList<T> {
  items = $state.raw<T[]>([]);
  total = $state(0);
  loading = $state(true);
  /** True once a first answer has arrived (empty states wait for it). */
  loaded = $state(false);
  problem = $state('');
  #reloads = $state(0);
  #query: () => Query | string;
  #onConflict: (() => void) | undefined;

  constructor(path: string | (() => string), query: () => Query | string, opts: { onConflict?: () => void } = {}) {
    this.#query = query;
    this.#onConflict = opts.onConflict;
    $effect(() => {
      const p = typeof path === 'function' ? path() : path;
      const q = query();
      void this.#reloads;
      const ctl = new AbortController();
      untrack(() => this.#load(p, q, ctl.signal));
      return () => ctl.abort();
    });
  }

  /** The list's filters and sort as they stand, without the page: what an export of the whole list asks for. */
  filters(): Query {
    const q = this.#query();
    if (typeof q === 'string') return {};
    const { offset: _o, limit: _l, ...rest } = q;
    return rest;
  }

  /** Asks the server again with the same query (after a change). */
  reload(): void {
    this.#reloads++;
  }

  async #load(path: string, query: Query | string, signal: AbortSignal): Promise<void> {
    this.loading = true;
    this.problem = '';
    try {
      const res = typeof query === 'string'
        ? await api.get<ListResult<T>>(path + query, {}, { signal })
        : await api.get<ListResult<T>>(path, query, { signal });
      this.items = res.items ?? [];
      this.total = res.total;
      this.loaded = true;
    } catch (err) {
      if (isAbort(err)) return;
      if (this.#onConflict && err instanceof ApiError && err.code === 'conflict') return this.#onConflict();
      this.problem = errorMessage(err);
    }
    this.loading = false;
  }
}
