import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { CASE_DIR, makeContentDir, type ContentDir } from '../../../../tests/support/content';
import { makeUser } from '../../../../tests/support/factories';
import type { Db } from '../db';
import {
	contentBookmarks,
	contentItems,
	contentLocales,
	contentTags,
	contentVersions
} from '../db/schema';
import { searchSite } from '../search';
import { CONTENT_KINDS } from './kinds';
import { getItemPage } from './items';
import { setBookmark } from './reading';
import { syncContent } from './sync';
import { syncContentAtStart } from './startup-sync';
import type { ContentKind } from './types';

/**
 * A scored kind in YAML, shaped like the quizzes a later feature adds: it shows how `scoring`
 * drives versions (correct options and points) while wording changes do not.
 */
const quizSchema = z.strictObject({
	id: z.string(),
	title: z.string(),
	module: z.number(),
	questions: z.array(
		z.strictObject({
			id: z.string(),
			text: z.string(),
			points: z.number(),
			options: z.array(z.strictObject({ text: z.string(), correct: z.boolean() }))
		})
	)
});
type Quiz = z.infer<typeof quizSchema>;
const quizKind: ContentKind<Quiz> = {
	kind: 'quiz',
	folder: 'quizzes',
	format: 'yaml',
	schema: quizSchema,
	slug: (f) => f,
	path: (s) => `/quizzes/${s}`,
	sortKey: (_q, s) => s,
	parity: (q) =>
		q.questions.map((x) => ({
			id: x.id,
			points: x.points,
			correct: x.options.map((o) => o.correct)
		})),
	scoring: (f) =>
		f.data.questions.map((x) => ({
			id: x.id,
			points: x.points,
			correct: x.options.map((o) => o.correct)
		})),
	tags: (q) => [`module:${q.module}`],
	render: (f) => ({
		title: f.data.title,
		summary: '',
		html: '',
		metadata: { questions: f.data.questions.length },
		searchText: f.data.title
	})
};
// Stands in for the real quiz kind (kinds/quiz.ts), whose format this small fixture does not follow.
const KINDS = [...CONTENT_KINDS.filter((k) => k.kind !== 'quiz'), quizKind];

const quiz = (lang: 'zh-CN' | 'en', { correct = 'b', wording = '' } = {}) => `id: quiz-interfaces
title: ${lang === 'en' ? 'Interfaces quiz' : '接口测验'}
module: 3
questions:
  - id: q1
    text: ${lang === 'en' ? 'Which status code means too many requests?' : '哪个状态码表示请求过多？'}${wording}
    points: 2
    options:
      - { text: "404", correct: ${correct === 'a'} }
      - { text: "429", correct: ${correct === 'b'} }
`;

let dir: ContentDir;
let db: Db;
let cleanup: () => void;
const sync = () => syncContent(db, dir.root, { kinds: KINDS });
const writeQuiz = (opts?: { correct?: string; wording?: string }) => {
	dir.write('quizzes/interfaces/zh-CN.yaml', quiz('zh-CN', opts));
	dir.write('quizzes/interfaces/en.yaml', quiz('en', opts));
};
const item = (id: string) => db.select().from(contentItems).where(eq(contentItems.id, id)).get();
const versions = (id: string) =>
	db
		.select()
		.from(contentVersions)
		.where(eq(contentVersions.itemId, id))
		.orderBy(contentVersions.version)
		.all();

beforeEach(() => {
	dir = makeContentDir();
	writeQuiz();
	({ db, cleanup } = createTestDb());
});
afterEach(() => {
	cleanup();
	dir.cleanup();
});

describe('syncContent', () => {
	it('stores every item with both languages, tags, version 1 and search documents', () => {
		const r = sync();
		expect(r.problems).toEqual([]);
		expect(r.added.sort()).toEqual(['case-bank-demo', 'module-03', 'quiz-interfaces']);
		expect(item('case-bank-demo')).toMatchObject({
			kind: 'case',
			slug: 'bank-demo',
			path: '/cases/bank-demo',
			version: 1,
			archivedAt: null
		});
		expect(
			db
				.select()
				.from(contentLocales)
				.where(eq(contentLocales.itemId, 'module-03'))
				.all()
				.map((l) => l.locale)
				.sort()
		).toEqual(['en', 'zh-CN']);
		expect(
			db
				.select({ tag: contentTags.tag })
				.from(contentTags)
				.where(eq(contentTags.itemId, 'case-bank-demo'))
				.all()
				.map((t) => t.tag)
				.sort()
		).toEqual([
			'difficulty:intermediate',
			'industry:banking',
			'module:3',
			'module:8',
			'teaches:provider-outage'
		]);
		expect(versions('quiz-interfaces')).toHaveLength(1);
		expect(versions('quiz-interfaces')[0].scoring).toEqual([
			{ id: 'q1', points: 2, correct: [false, true] }
		]);
		expect(
			searchSite(db, '熔断', { locale: 'zh-CN' })
				.hits.map((h) => h.id)
				.sort()
		).toEqual(['case-bank-demo', 'module-03']);
		expect(getItemPage(db, 'case', 'bank-demo', 'en')?.html).toContain(
			'<h2 id="business-need-and-requirements">'
		);
	});

	it('is idempotent: a second run changes nothing', () => {
		sync();
		const before = db.select().from(contentItems).all();
		const r = sync();
		expect(r).toMatchObject({
			added: [],
			updated: [],
			versioned: [],
			archived: [],
			restored: [],
			unchanged: 3
		});
		expect(db.select().from(contentItems).all()).toEqual(before);
	});

	it('updates a wording change in place without a new version', () => {
		sync();
		writeQuiz({ wording: ' (HTTP)' });
		const r = sync();
		expect(r.updated).toEqual(['quiz-interfaces']);
		expect(r.versioned).toEqual([]);
		expect(item('quiz-interfaces')?.version).toBe(1);
		expect(versions('quiz-interfaces')).toHaveLength(1);
	});

	it('makes a new version when a scoring field changes, keeping the old one', () => {
		sync();
		writeQuiz({ correct: 'a' });
		const r = sync();
		expect(r.versioned).toEqual(['quiz-interfaces']);
		expect(item('quiz-interfaces')?.version).toBe(2);
		expect(versions('quiz-interfaces').map((v) => [v.version, v.scoring])).toEqual([
			[1, [{ id: 'q1', points: 2, correct: [false, true] }]],
			[2, [{ id: 'q1', points: 2, correct: [true, false] }]]
		]);
	});

	it('never bumps the version of an unscored kind', () => {
		sync();
		dir.edit(`${CASE_DIR}/zh-CN.md`, '内容。', '修改后的内容。');
		const r = sync();
		expect(r.updated).toEqual(['case-bank-demo']);
		expect(item('case-bank-demo')?.version).toBe(1);
	});

	it('archives an item whose folder was removed, keeping what refers to it, and restores it', async () => {
		sync();
		const user = await makeUser(db);
		setBookmark(db, user.id, 'case-bank-demo', true);
		const saved = dir.read(`${CASE_DIR}/en.md`);
		const savedZh = dir.read(`${CASE_DIR}/zh-CN.md`);
		dir.remove(CASE_DIR);
		const r = sync();
		expect(r.archived).toEqual(['case-bank-demo']);
		expect(item('case-bank-demo')?.archivedAt).toBeInstanceOf(Date);
		expect(getItemPage(db, 'case', 'bank-demo', 'zh-CN')).toBeUndefined();
		expect(searchSite(db, '熔断', { locale: 'zh-CN' }).hits.map((h) => h.id)).toEqual([
			'module-03'
		]);
		expect(db.select().from(contentBookmarks).all()).toHaveLength(1);
		expect(sync().archived).toEqual([]);

		dir.write(`${CASE_DIR}/en.md`, saved);
		dir.write(`${CASE_DIR}/zh-CN.md`, savedZh);
		const back = sync();
		expect(back.restored).toEqual(['case-bank-demo']);
		expect(item('case-bank-demo')?.archivedAt).toBeNull();
		expect(searchSite(db, '熔断', { locale: 'zh-CN' }).total).toBe(2);
	});

	it('lets a new item take the slug of an archived one', () => {
		sync();
		dir.edit(`${CASE_DIR}/zh-CN.md`, 'id: case-bank-demo', 'id: case-bank-demo-2');
		dir.edit(`${CASE_DIR}/en.md`, 'id: case-bank-demo', 'id: case-bank-demo-2');
		const r = sync();
		expect(r.archived).toEqual(['case-bank-demo']);
		expect(r.added).toEqual(['case-bank-demo-2']);
		expect(r.problems).toEqual([]);
		expect(item('case-bank-demo-2')?.slug).toBe('bank-demo');
	});

	it('reports a broken file, skips it and keeps the last good version live', () => {
		sync();
		dir.edit(`${CASE_DIR}/zh-CN.md`, '银行客服的熔断与降级', '改过的标题');
		dir.edit(`${CASE_DIR}/en.md`, 'industry: banking', 'industry: banks');
		const r = sync();
		expect(r.problems.map((p) => `${p.file}: ${p.field}`)).toEqual([
			`cases/${CASE_DIR}/en.md: industry`
		]);
		expect(r.archived).toEqual([]);
		expect(r.updated).toEqual([]);
		expect(getItemPage(db, 'case', 'bank-demo', 'zh-CN')?.title).toBe('银行客服的熔断与降级');
		expect(searchSite(db, '熔断', { locale: 'zh-CN' }).total).toBe(2);
	});

	it('skips an item broken from the start and stores the rest', () => {
		dir.edit(`${CASE_DIR}/en.md`, 'modules: [3, 8]', 'modules: [3, 7]');
		const r = sync();
		expect(r.added.sort()).toEqual(['module-03', 'quiz-interfaces']);
		expect(r.problems.map((p) => p.file)).toContain(`cases/${CASE_DIR}/en.md`);
		expect(item('case-bank-demo')).toBeUndefined();
	});

	it('archives nothing when the content folder is missing', () => {
		sync();
		dir.cleanup();
		const r = sync();
		expect(r.archived).toEqual([]);
		expect(r.problems[0].message).toContain('does not exist');
		expect(item('module-03')?.archivedAt).toBeNull();
	});
});

describe('syncContentAtStart', () => {
	it('never throws, so the server starts even when the sync cannot run', () => {
		const { db: broken, cleanup: close } = createTestDb();
		broken.$client.exec('drop table content_tags');
		dir.remove('quizzes'); // the stand-in quiz kind's fixture is not a real quiz
		// A failing write is reported against its item; the others are stored.
		const r = syncContentAtStart(broken, dir.root);
		expect(r?.problems[0].message).toContain('could not be stored');
		// A database that cannot be used at all: logged, not thrown.
		broken.$client.close();
		expect(syncContentAtStart(broken, dir.root)).toBeUndefined();
		close();
	});

	it('syncs the shipped content', () => {
		const r = syncContentAtStart(db, './cases');
		expect(r?.problems).toEqual([]);
		expect(r?.added.filter((id) => id.startsWith('module-'))).toHaveLength(12);
	});
});
