import type { Db } from '../db';
import type { Locale } from '../db/schema';

/** One lab as the learner's home page shows it. `dueAt` (optional) puts it in "due soon". */
export type LabProgressEntry = {
	id: string;
	/** Module number the lab belongs to. */
	module: number;
	title: string;
	/** Unlocalised site path of the lab page. */
	path: string;
	done: boolean;
	dueAt?: Date | null;
};

/** Where the home page learns about labs: a learner's lab progress, in `locale`. */
export type LabProgressSource = (db: Db, userId: number, locale: Locale) => LabProgressEntry[];

let source: LabProgressSource | null = null;

/**
 * Extension point for hands-on labs: the labs domain registers, at start-up, one function giving
 * a learner's progress on every live lab (in a constant number of queries: the home page calls it
 * once per view). Until one is registered, modules show no labs. A second call replaces the first.
 */
export function registerLabProgress(fn: LabProgressSource | null): void {
	source = fn;
}

/** The registered lab progress of a learner, or [] when no labs domain registered one. */
export function listLabProgress(db: Db, userId: number, locale: Locale): LabProgressEntry[] {
	return source ? source(db, userId, locale) : [];
}
