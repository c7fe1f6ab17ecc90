import { z } from 'zod';
import { markdownToText, renderDocument } from '../../markdown';
import { codeFencesOf, headingsOf, tableShapesOf } from '../structure';
import type { ContentKind, ParsedFile } from '../types';
import { isoDate, slugFromFolder, text } from './shared';

/** Module numbers an FAQ entry may belong to (11 is the bibliography). */
export const FAQ_MODULES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12] as const;

export const faqSchema = z.strictObject({
	id: z.string().regex(/^faq-[a-z0-9][a-z0-9-]*$/, 'must be "faq-" followed by a lower-case name'),
	/** The module whose group the entry is listed in on /faq (and whose page links it). */
	module: z
		.number()
		.int()
		.refine(
			(n) => (FAQ_MODULES as readonly number[]).includes(n),
			'must be a module number 1–10 or 12'
		),
	lastReviewed: isoDate,
	question: text(),
	/** One or two sentences: the table of module 12 and the /faq list show it. */
	summary: text(),
	/** The full answer, Markdown (no headings above ###). */
	answer: text(),
	/** Case studies the entry is about (ids), optional: tagged "case:<id>". */
	cases: z
		.array(z.string().regex(/^case-[a-z0-9][a-z0-9-]*$/, 'must be a case id ("case-…")'))
		.default([])
});
export type FaqData = z.infer<typeof faqSchema>;

/** What /faq and /faq/[slug] read from `content_locales.metadata` (HTML already sanitised). */
export type FaqMeta = { module: number; lastReviewed: string; cases: string[] };

function render(file: ParsedFile<FaqData>) {
	const f = file.data;
	const meta: FaqMeta = { module: f.module, lastReviewed: f.lastReviewed, cases: f.cases };
	return {
		title: f.question,
		summary: f.summary,
		html: renderDocument(f.answer).html,
		metadata: meta,
		searchText: `${f.summary}\n${markdownToText(f.answer)}`
	};
}

/**
 * Seeded FAQ entries: `cases/faq/<slug>/{zh-CN,en}.yaml`, served at `/faq/<slug>`. They belong to
 * their files (read-only in the UI); entries promoted from the forum live in `faq_entries` and the
 * sync never sees them.
 */
export const faqKind: ContentKind<FaqData> = {
	kind: 'faq',
	folder: 'faq',
	format: 'yaml',
	schema: faqSchema,
	slug: slugFromFolder,
	path: (slug) => `/faq/${slug}`,
	sortKey: (f, slug) => `${String(f.module).padStart(2, '0')}-${slug}`,
	parity: (f) => ({
		id: f.id,
		module: f.module,
		lastReviewed: f.lastReviewed,
		cases: f.cases,
		answer: {
			headings: headingsOf(f.answer).map((h) => h.depth),
			tables: tableShapesOf(f.answer),
			code: codeFencesOf(f.answer)
		}
	}),
	check: (file) => {
		const problems: Array<{ field?: string; message: string }> = [];
		if (headingsOf(file.data.answer).some((h) => h.depth < 3))
			problems.push({
				field: 'answer',
				message: 'may only use ### headings (the question is the title)'
			});
		// /faq/<number> is a promoted entry, so a seeded slug needs a letter.
		const folder = file.file.split('/').at(-2) ?? '';
		if (!/[a-z]/.test(slugFromFolder(folder)))
			problems.push({ message: `the folder name "${folder}" needs a letter (it is the URL slug)` });
		return problems;
	},
	scoring: () => null,
	tags: (f) => [`module:${f.module}`, ...f.cases.map((c) => `case:${c}`)],
	links: (f) => f.cases.map((c) => `case:${c}`),
	render
};
