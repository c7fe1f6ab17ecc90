/**
 * Data protection: "download my data" (a zip of Markdown and JSON built from registered export
 * sources) and account deletion (asked by the user, confirmed by an admin, with deletion hooks).
 *
 * Later features plug in with two calls (best placed in src/lib/server/startup.ts):
 * - `registerExportSource('submissions', (db, user, ctx) => ({ title, json, markdown, files }))`
 * - `registerDeletionHook('forum', (tx, user) => { anonymise the user's posts })`
 * Data attached to a user with `onDelete: 'cascade'` needs no hook: it goes with the account.
 */
import { registerCoreExportSources } from './sources';
import { registerFeatureExportSources } from './feature-sources';
import { registerForumPrivacy } from '../forum/privacy';

export {
	buildExport,
	exportFileName,
	listExportSources,
	md,
	mdTable,
	registerExportSource,
	safeFileName,
	type ExportContext,
	type ExportPart,
	type ExportSource
} from './export';
export {
	DELETION_REASON_MAX,
	cancelAccountDeletion,
	countDeletionRequests,
	deleteAccount,
	getDeletionRequest,
	listDeletionRequests,
	registerDeletionHook,
	requestAccountDeletion,
	type DeletionHook,
	type DeletionQueueItem,
	type DeletionResult
} from './deletion';

registerCoreExportSources();
registerFeatureExportSources();
registerForumPrivacy();
