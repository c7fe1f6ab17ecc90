import { z } from 'zod';
import { markdownToText, renderDocument, type Heading } from '../../markdown';
import { headingsOf, codeFencesOf } from '../structure';
import { readingMinutes } from '../reading-time';
import type { ContentKind, ContentLocale, ParsedFile } from '../types';
import { isoDate, slugFromFolder, text } from './shared';

export const INDUSTRIES = [
	'banking',
	'insurance',
	'healthcare',
	'ecommerce',
	'manufacturing',
	'telecom',
	'government',
	'logistics',
	'legal',
	'hr',
	'education',
	'energy',
	'retail',
	'media'
] as const;
export type Industry = (typeof INDUSTRIES)[number];
export const DIFFICULTIES = ['intro', 'intermediate', 'advanced'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];
/** Module numbers a case may exercise (11 is the bibliography). */
export const CASE_MODULES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12] as const;

/** The `##` sections every case study has, in this order (cases/README.md). */
export const CASE_SECTIONS: Record<ContentLocale, string[]> = {
	'zh-CN': [
		'业务背景与需求分析',
		'技术选型',
		'接口设计',
		'系统架构',
		'部署方案',
		'API 管理与安全',
		'实时与批处理',
		'性能与监控',
		'故障与恢复',
		'成效',
		'经验教训'
	],
	en: [
		'Business need and requirements',
		'Technology selection',
		'Interface design',
		'Architecture',
		'Deployment',
		'API management and security',
		'Real time and batch',
		'Performance and monitoring',
		'Incident and recovery',
		'Outcomes',
		'Lessons'
	]
};

const tag = z
	.string()
	.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case tag such as "provider-outage"');

export const caseSchema = z.strictObject({
	id: z
		.string()
		.regex(/^case-[a-z0-9][a-z0-9-]*$/, 'must be "case-" followed by a lower-case name'),
	title: text(),
	industry: z.enum(INDUSTRIES, { error: `must be one of: ${INDUSTRIES.join(', ')}` }),
	modules: z
		.array(
			z
				.number()
				.int()
				.refine(
					(n) => (CASE_MODULES as readonly number[]).includes(n),
					'must be a module number 1–10 or 12'
				)
		)
		.min(1, 'needs at least 1 module')
		.refine((a) => new Set(a).size === a.length, 'lists a module twice'),
	difficulty: z.enum(DIFFICULTIES, { error: `must be one of: ${DIFFICULTIES.join(', ')}` }),
	lastReviewed: isoDate,
	summary: text(),
	teaches: z.array(tag).default([]),
	discussion: z
		.array(z.strictObject({ id: z.string().regex(/^d\d+$/, 'must be d1, d2, …'), text: text() }))
		.min(3, 'needs at least 3 discussion questions')
		.refine(
			(a) => new Set(a.map((d) => d.id)).size === a.length,
			'has two questions with the same id'
		),
	exercise: z
		.string()
		.regex(/^exercise-[a-z0-9][a-z0-9-]*$/, 'must be an exercise id ("exercise-…")')
		.optional()
});
export type CaseData = z.infer<typeof caseSchema>;

/** What a case page reads from `content_locales.metadata` (all HTML already sanitised). */
export type CaseMeta = {
	industry: Industry;
	modules: number[];
	difficulty: Difficulty;
	lastReviewed: string;
	summaryHtml: string;
	teaches: string[];
	discussion: Array<{ id: string; text: string }>;
	exercise: string | null;
	headings: Heading[];
	hasMermaid: boolean;
	readingMinutes: number;
};

function render(file: ParsedFile<CaseData>) {
	const c = file.data;
	const body = renderDocument(file.body, { headingIds: true });
	const bodyText = markdownToText(file.body);
	const meta: CaseMeta = {
		industry: c.industry,
		modules: [...c.modules].sort((a, b) => a - b),
		difficulty: c.difficulty,
		lastReviewed: c.lastReviewed,
		summaryHtml: renderDocument(c.summary).html,
		teaches: c.teaches,
		discussion: c.discussion,
		exercise: c.exercise ?? null,
		headings: body.headings,
		hasMermaid: body.hasMermaid,
		readingMinutes: readingMinutes(bodyText)
	};
	const searchText = [c.summary, bodyText, c.discussion.map((d) => d.text).join('\n')].join('\n');
	return { title: c.title, summary: c.summary, html: body.html, metadata: meta, searchText };
}

function check(file: ParsedFile<CaseData>) {
	const problems: Array<{ field?: string; message: string }> = [];
	const expected = CASE_SECTIONS[file.locale];
	const sections = headingsOf(file.body)
		.filter((h) => h.depth === 2)
		.map((h) => h.text);
	if (sections.join('\n') !== expected.join('\n')) {
		const i = expected.findIndex((s, k) => sections[k] !== s);
		problems.push({
			field: 'body',
			message: `the ## sections must be, in order: ${expected.join(' / ')}; section ${i + 1} is ${
				sections[i] ? `"${sections[i]}"` : 'missing'
			} where "${expected[i]}" is expected`
		});
	}
	const fences = codeFencesOf(file.body);
	if (!fences.includes('mermaid'))
		problems.push({ field: 'body', message: 'needs a ```mermaid architecture diagram' });
	if (!fences.includes('json'))
		problems.push({ field: 'body', message: 'needs a ```json request/response example' });
	return problems;
}

/** Case studies: `cases/case-studies/slug/{zh-CN,en}.md`, served at `/cases/slug`. */
export const caseKind: ContentKind<CaseData> = {
	kind: 'case',
	folder: 'case-studies',
	format: 'md',
	schema: caseSchema,
	slug: slugFromFolder,
	path: (slug) => `/cases/${slug}`,
	sortKey: (_c, slug) => slug,
	parity: (c) => ({
		id: c.id,
		industry: c.industry,
		modules: c.modules,
		difficulty: c.difficulty,
		lastReviewed: c.lastReviewed,
		teaches: c.teaches,
		discussion: c.discussion.map((d) => d.id),
		exercise: c.exercise ?? null
	}),
	check,
	scoring: () => null,
	tags: (c) => [
		...c.modules.map((n) => `module:${n}`),
		`industry:${c.industry}`,
		`difficulty:${c.difficulty}`,
		...c.teaches.map((t) => `teaches:${t}`)
	],
	links: (c) => (c.exercise ? [`exercise:${c.exercise}`] : []),
	render
};
