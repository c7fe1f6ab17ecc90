import type { Db } from '../db';
import { getSetting } from '../settings';

/**
 * True when the site is in archive mode (setting `archiveMode`; cached, so a change applies on the
 * next call). Background work asks this: the feedback pipeline makes no LLM calls while archived.
 * Kept apart from ./index.ts so workers and scripts need no SvelteKit import.
 */
export function isArchived(db: Db): boolean {
	return getSetting(db, 'archiveMode');
}
