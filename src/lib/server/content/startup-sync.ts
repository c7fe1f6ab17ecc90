import type { Db } from '../db';
import { log } from '../log';
import { formatProblem } from './check';
import { syncContent, type SyncReport } from './sync';

/**
 * The start-up content sync: runs {@link syncContent} and logs what changed and every problem
 * (errors name file and field). Never throws: a broken file, or even a failing sync, leaves the
 * last good content in place and the server starts.
 */
export function syncContentAtStart(db: Db, dir: string): SyncReport | undefined {
	try {
		const started = performance.now();
		const report = syncContent(db, dir);
		for (const p of report.problems) {
			const line = `content: ${formatProblem(p)}`;
			if (p.level === 'error') log.error({ file: p.file, field: p.field }, line);
			else log.warn({ file: p.file, field: p.field }, line);
		}
		log.info(
			{
				added: report.added.length,
				updated: report.updated.length,
				versioned: report.versioned.length,
				unchanged: report.unchanged,
				archived: report.archived,
				restored: report.restored,
				errors: report.problems.filter((p) => p.level === 'error').length,
				ms: Math.round(performance.now() - started)
			},
			'content synced'
		);
		return report;
	} catch (e) {
		log.error({ err: e }, 'content sync failed; serving the content already in the database');
		return undefined;
	}
}
