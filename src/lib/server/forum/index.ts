/**
 * The Q&A forum and the FAQ (issue: Q&A forum and FAQ, with moderation). Routes call these
 * functions; every write checks who may do it (./access.ts), runs in one immediate transaction with
 * its audit entry and notifications, and keeps the search index in line (./search-index.ts).
 * Refusals are thrown as ForumError (./errors.ts); ./http.ts turns them into form failures.
 */
export * from './access';
export * from './errors';
export * from './tags';
export * from './limits';
export * from './threads';
export * from './view';
export * from './posts';
export * from './history';
export * from './votes';
export * from './moderation';
export * from './thread-moderation';
export * from './queue';
export * from './similar';
export * from './faq';
export * from './faq-curation';
export * from './schemas';
export { indexThread, QUESTION_KIND, stateTags } from './search-index';
export { anonymiseForumAuthor, listPostsForExport, type ForumExport } from './privacy';

import type { Db } from '../db';
import { reindexThreads } from './search-index';
import { reindexPromotedFaq } from './faq-curation';

/**
 * Rebuilds the forum's search documents (threads and promoted FAQ entries), e.g. after a change to
 * src/lib/server/search/tokenize.ts. @returns how many documents were rebuilt (per language)
 */
export function reindexForum(db: Db): number {
	return reindexThreads(db) + reindexPromotedFaq(db);
}
