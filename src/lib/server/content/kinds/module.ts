import {
	markdownToText,
	mermaidBlock,
	renderDocument,
	renderInline,
	type Heading
} from '../../markdown';
import { readingMinutes } from '../reading-time';
import type { ContentKind, ParsedFile } from '../types';
import { moduleSchema, type GeneratedTable, type ModuleData } from './module-schema';
import { slugFromFolder } from './shared';

/** What a module page reads from `content_locales.metadata` (all HTML already sanitised). */
export type ModuleMeta = {
	number: number;
	lastReviewed: string;
	summaryHtml: string;
	keyPointsHtml: string[];
	references: Array<{ key: string; text: string; textHtml: string; url?: string; note?: string }>;
	figure: { caption: string; html: string } | null;
	table:
		| { generated: GeneratedTable; caption: string }
		| { generated?: undefined; caption: string; columns: string[]; rowsHtml: string[][] };
	handsOn: { title: string; taskHtml: string; links: string[] } | null;
	headings: Heading[];
	hasMermaid: boolean;
	readingMinutes: number;
};

function render(file: ParsedFile<ModuleData>) {
	const m = file.data;
	const body = renderDocument(file.body, { headingIds: true });
	const table: ModuleMeta['table'] =
		'generated' in m.table
			? { generated: m.table.generated, caption: m.table.caption }
			: {
					caption: m.table.caption,
					columns: m.table.columns,
					rowsHtml: m.table.rows.map((row) => row.map((c) => renderInline(c)))
				};
	const meta: ModuleMeta = {
		number: m.number,
		lastReviewed: m.lastReviewed,
		summaryHtml: renderDocument(m.summary).html,
		keyPointsHtml: m.keyPoints.map((k) => renderInline(k)),
		references: m.references.map((r) => ({ ...r, textHtml: renderInline(r.text) })),
		figure: m.figure ? { caption: m.figure.caption, html: mermaidBlock(m.figure.mermaid) } : null,
		table,
		handsOn: m.handsOn
			? {
					title: m.handsOn.title,
					taskHtml: renderDocument(m.handsOn.task).html,
					links: m.handsOn.links
				}
			: null,
		headings: body.headings,
		hasMermaid: body.hasMermaid || m.figure !== undefined,
		readingMinutes: 0
	};
	const tableText =
		'generated' in m.table
			? m.table.caption
			: [m.table.caption, m.table.columns.join(' '), ...m.table.rows.map((r) => r.join(' '))].join(
					'\n'
				);
	const searchText = [
		m.summary,
		m.keyPoints.join('\n'),
		m.figure?.caption ?? '',
		tableText,
		m.handsOn ? `${m.handsOn.title}\n${markdownToText(m.handsOn.task)}` : '',
		markdownToText(file.body)
	]
		.filter(Boolean)
		.join('\n');
	meta.readingMinutes = readingMinutes(searchText);
	return { title: m.title, summary: m.summary, html: body.html, metadata: meta, searchText };
}

/** Module pages: `cases/modules/NN-slug/{zh-CN,en}.md`, served at `/modules/slug`. */
export const moduleKind: ContentKind<ModuleData> = {
	kind: 'module',
	folder: 'modules',
	format: 'md',
	schema: moduleSchema,
	slug: slugFromFolder,
	path: (slug) => `/modules/${slug}`,
	sortKey: (m) => String(m.number).padStart(2, '0'),
	parity: (m) => ({
		id: m.id,
		number: m.number,
		lastReviewed: m.lastReviewed,
		keyPoints: m.keyPoints.length,
		references: m.references.map((r) => ({
			key: r.key,
			url: r.url ?? null,
			note: r.note !== undefined
		})),
		figure: m.figure !== undefined,
		table:
			'generated' in m.table
				? { generated: m.table.generated }
				: { columns: m.table.columns.length, rows: m.table.rows.map((r) => r.length) },
		handsOn: m.handsOn ? { links: m.handsOn.links } : null
	}),
	check: (file) => {
		const folder = file.file.split('/').at(-2) ?? '';
		const prefix = folder.match(/^(\d+)-/)?.[1];
		return prefix && Number(prefix) !== file.data.number
			? [
					{
						field: 'number',
						message: `is ${file.data.number} but the folder "${folder}" starts with ${prefix}`
					}
				]
			: [];
	},
	scoring: () => null,
	tags: (m) => [`module:${m.number}`],
	links: (m) => m.handsOn?.links ?? [],
	render
};
