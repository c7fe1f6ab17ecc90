import type { Db } from '../db';
import type { Locale } from '../db/schema';
import { getItemSummaries } from '../content/items';
import type { CaseMeta } from '../content/kinds/case';
import { ForumError } from './errors';

/**
 * Thread tags. Three shapes (cases/README.md, "Tags"):
 * - `module:N` — a course module (1–12);
 * - `case:<case id>` and `case:<case id>:<discussion question id>` — a case study and one of its
 *   discussion questions (the case page links to `/questions?tag=…`); the second implies the first;
 * - free tags: lower-case letters (any script), digits and dashes, up to 30 characters.
 */

/** At most this many tags per thread (implied case tags included). */
export const MAX_TAGS = 6;
const FREE_TAG = /^[\p{L}\p{N}][\p{L}\p{N}-]{0,29}$/u;
const MODULE_TAG = /^module:(\d{1,2})$/;
const CASE_TAG = /^case:(case-[a-z0-9][a-z0-9-]*)(?::(d\d+))?$/;

/** NFKC, trimmed, lower case; a leading "#" dropped. */
export function normaliseTag(raw: string): string {
	return raw.normalize('NFKC').trim().replace(/^#/, '').toLowerCase();
}

/** Splits what a user typed in the tag box (commas, spaces, 、 or ，) into normalised tags. */
export function splitTags(input: string): string[] {
	return input
		.split(/[\s,，、;；]+/)
		.map(normaliseTag)
		.filter(Boolean);
}

export type ParsedTag =
	| { type: 'module'; tag: string; module: number }
	| { type: 'case'; tag: string; caseId: string; question: string | null }
	| { type: 'free'; tag: string };

/** The shape of a normalised tag, or null when it is not a valid tag of any shape. */
export function parseTag(tag: string): ParsedTag | null {
	const mod = MODULE_TAG.exec(tag);
	if (mod) {
		const n = Number(mod[1]);
		return n >= 1 && n <= 12 ? { type: 'module', tag, module: n } : null;
	}
	const c = CASE_TAG.exec(tag);
	if (c) return { type: 'case', tag, caseId: c[1], question: c[2] ?? null };
	return FREE_TAG.test(tag) ? { type: 'free', tag } : null;
}

/** Case metadata by id (live cases only), in `locale`. */
function caseMetas(db: Db, ids: string[], locale: Locale) {
	return new Map(
		getItemSummaries(db, [...new Set(ids)], locale)
			.filter((i) => i.kind === 'case')
			.map((i) => [i.id, { title: i.title, path: i.path, meta: i.metadata as CaseMeta }])
	);
}

/**
 * Validates and completes a thread's tags: each must parse, module numbers exist, case ids name a
 * live case study and discussion ids one of its questions; `case:X:d1` adds `case:X`. Duplicates
 * are dropped; order is kept.
 * @throws ForumError `bad_tag` (values.tag = the offending tag) or `too_many_tags` (values.max)
 */
export function validateTags(db: Db, raw: string[]): string[] {
	const out: string[] = [];
	const add = (t: string) => {
		if (!out.includes(t)) out.push(t);
	};
	const parsed = raw.map(normaliseTag).filter(Boolean);
	const cases = caseMetas(
		db,
		parsed.flatMap((t) => {
			const p = parseTag(t);
			return p?.type === 'case' ? [p.caseId] : [];
		}),
		'zh-CN'
	);
	for (const t of parsed) {
		const p = parseTag(t);
		if (!p) throw new ForumError('bad_tag', { tag: t.slice(0, 40) });
		if (p.type === 'case') {
			const c = cases.get(p.caseId);
			if (!c) throw new ForumError('bad_tag', { tag: t });
			if (p.question && !c.meta.discussion.some((d) => d.id === p.question))
				throw new ForumError('bad_tag', { tag: t });
			add(`case:${p.caseId}`);
		}
		add(p.tag);
	}
	if (out.length > MAX_TAGS) throw new ForumError('too_many_tags', { max: MAX_TAGS });
	return out;
}

/** How a tag is shown: its text, and (for case tags) the case page or discussion question it names. */
export type TagLabel = {
	tag: string;
	type: ParsedTag['type'];
	/** Module number (module tags). */
	module?: number;
	/** Case title (case tags), when the case is live. */
	caseTitle?: string;
	/** 1-based number and text of the discussion question (case question tags). */
	question?: { n: number; text: string };
	/** Case page (with the question's anchor) for case tags. */
	href?: string;
};

/** Labels for `tags` in `locale` (case titles and discussion questions looked up once). */
export function describeTags(db: Db, tags: string[], locale: Locale): Map<string, TagLabel> {
	const parsed = tags.map((t) => parseTag(t)).filter((p): p is ParsedTag => p !== null);
	const cases = caseMetas(
		db,
		parsed.flatMap((p) => (p.type === 'case' ? [p.caseId] : [])),
		locale
	);
	const out = new Map<string, TagLabel>();
	for (const p of parsed) {
		if (p.type === 'module') out.set(p.tag, { tag: p.tag, type: 'module', module: p.module });
		else if (p.type === 'free') out.set(p.tag, { tag: p.tag, type: 'free' });
		else {
			const c = cases.get(p.caseId);
			const index = p.question
				? (c?.meta.discussion.findIndex((d) => d.id === p.question) ?? -1)
				: -1;
			out.set(p.tag, {
				tag: p.tag,
				type: 'case',
				caseTitle: c?.title,
				question:
					c && index >= 0 ? { n: index + 1, text: c.meta.discussion[index].text } : undefined,
				href: c ? (p.question ? `${c.path}#discussion-${p.question}` : c.path) : undefined
			});
		}
	}
	return out;
}
