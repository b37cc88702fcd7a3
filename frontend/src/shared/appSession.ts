import type { Me } from '../lib/types';

/** What an entry's app may ask of the page that started it. */
export interface AppSession {
  signOut(): Promise<void>;
  /** Replaces the signed-in user's data (e.g. after choosing a view). */
  update(me: Me): void;
}
