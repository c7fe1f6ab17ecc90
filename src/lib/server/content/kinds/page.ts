import { z } from 'zod';
import { markdownToText, renderDocument, type Heading } from '../../markdown';
import { readingMinutes } from '../reading-time';
import type { ContentKind, ParsedFile } from '../types';
import { isoDate, text } from './shared';

export const pageSchema = z.strictObject({
	id: z
		.string()
		.regex(/^page-[a-z0-9][a-z0-9-]*$/, 'must be "page-" followed by a lower-case name'),
	title: text(),
	lastReviewed: isoDate,
	summary: text()
});
export type PageData = z.infer<typeof pageSchema>;

export type PageMeta = {
	lastReviewed: string;
	summaryHtml: string;
	headings: Heading[];
	hasMermaid: boolean;
	readingMinutes: number;
};

function render(file: ParsedFile<PageData>) {
	const body = renderDocument(file.body, { headingIds: true });
	const bodyText = markdownToText(file.body);
	const meta: PageMeta = {
		lastReviewed: file.data.lastReviewed,
		summaryHtml: renderDocument(file.data.summary).html,
		headings: body.headings,
		hasMermaid: body.hasMermaid,
		readingMinutes: readingMinutes(bodyText)
	};
	return {
		title: file.data.title,
		summary: file.data.summary,
		html: body.html,
		metadata: meta,
		searchText: `${file.data.summary}\n${bodyText}`
	};
}

/** Site pages written as content (e.g. /about/architecture): `cases/pages/slug/{zh-CN,en}.md`. */
export const pageKind: ContentKind<PageData> = {
	kind: 'page',
	folder: 'pages',
	format: 'md',
	schema: pageSchema,
	slug: (folder) => folder,
	path: (slug) => `/about/${slug}`,
	sortKey: (_p, slug) => slug,
	parity: (p) => ({ id: p.id, lastReviewed: p.lastReviewed }),
	scoring: () => null,
	tags: () => [],
	render
};
