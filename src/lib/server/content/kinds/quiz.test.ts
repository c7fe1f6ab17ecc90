import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../../tests/support/db';
import { makeQuizContentDir, quizYaml } from '../../../../../tests/support/quiz';
import type { ContentDir } from '../../../../../tests/support/content';
import { contentTags, contentVersions } from '../../db/schema';
import { checkContent, formatProblem } from '../check';
import { syncContent } from '../sync';
import { listTaggedItems } from '../items';
import { searchSite } from '../../search';

let dir: ContentDir;
const ZH = 'quizzes/demo/zh-CN.yaml';
const EN = 'quizzes/demo/en.yaml';
const problems = () => checkContent(dir.root).problems.map(formatProblem);

beforeEach(() => {
	dir = makeQuizContentDir();
});
afterEach(() => dir.cleanup());

describe('quiz content checks', () => {
	it('accepts the fixture quiz in both languages', () => {
		expect(problems()).toEqual([]);
	});

	it('names the file and field of schema mistakes', () => {
		dir.edit(ZH, 'id: "true"', 'id: true');
		dir.edit(ZH, 'passMark: 70', 'passMark: 70.5');
		expect(problems()).toEqual(
			expect.arrayContaining([
				'cases/quizzes/demo/zh-CN.yaml: questions.2.options.0.id: write "true" and "false" in quotes (YAML reads a bare true as a yes/no value)',
				'cases/quizzes/demo/zh-CN.yaml: passMark: must be a whole percent 0–100'
			])
		);
		dir.write(
			ZH,
			quizYaml('zh-CN').replace(/ {4}links: \[module:module-03\]\n/, '    links: []\n')
		);
		expect(problems()).toContain(
			'cases/quizzes/demo/zh-CN.yaml: questions.0.links: needs at least 1 link to what teaches it ("module:module-03")'
		);
	});

	it('refuses a single-choice question with two correct options and fewer than 8 questions', () => {
		dir.write(ZH, quizYaml('zh-CN').replace('correct: false', 'correct: true'));
		expect(problems().join('\n')).toContain(
			'questions.0.options: a single-choice question has exactly 1 correct option (has 2)'
		);
		const short = quizYaml('en').split('  - id: q4')[0];
		dir.write(EN, short);
		expect(problems()).toContain(
			'cases/quizzes/demo/en.yaml: questions: needs at least 8 questions'
		);
	});

	it('compares correctness, points and settings across languages', () => {
		dir.write(EN, quizYaml('en', { correct: 'c' }));
		expect(problems().join('\n')).toMatch(
			/en\.yaml: questions\.0\.options\.1\.correct: differs from zh-CN/
		);
		dir.write(EN, quizYaml('en', { attemptLimit: 5 }));
		expect(problems().join('\n')).toMatch(/en\.yaml: attemptLimit: differs from zh-CN/);
	});

	it('warns about links to items that do not exist', () => {
		dir.write(
			ZH,
			quizYaml('zh-CN').replace('links: [module:module-03]', 'links: [case:case-nope]')
		);
		dir.write(EN, quizYaml('en').replace('links: [module:module-03]', 'links: [case:case-nope]'));
		expect(problems()).toContain(
			'cases/quizzes/demo/zh-CN.yaml: links to case:case-nope, which does not exist'
		);
	});
});

describe('quiz sync', () => {
	it('tags the module, indexes prompts (never explanations), versions only on scoring changes', () => {
		const { db, cleanup } = createTestDb();
		try {
			expect(syncContent(db, dir.root).problems).toEqual([]);
			const tags = db.select().from(contentTags).where(eq(contentTags.itemId, 'quiz-demo')).all();
			expect(tags.map((t) => t.tag)).toEqual(['module:3']);
			expect(
				listTaggedItems(db, ['module:3'], 'en', { kinds: ['quiz'] }).map((i) => i.path)
			).toEqual(['/quizzes/demo']);
			expect(searchSite(db, 'Which ones fit', { locale: 'en' }).hits[0]?.url).toBe('/quizzes/demo');
			expect(searchSite(db, 'Overall explanation', { locale: 'en' }).total).toBe(0);

			dir.write(ZH, quizYaml('zh-CN', { wording: '（改）' }));
			dir.write(EN, quizYaml('en', { wording: ' (edited)' }));
			expect(syncContent(db, dir.root)).toMatchObject({ updated: ['quiz-demo'], versioned: [] });
			dir.write(ZH, quizYaml('zh-CN', { correct: 'a' }));
			dir.write(EN, quizYaml('en', { correct: 'a' }));
			expect(syncContent(db, dir.root)).toMatchObject({ versioned: ['quiz-demo'] });
			dir.write(ZH, quizYaml('zh-CN', { correct: 'a', passMark: 80 }));
			dir.write(EN, quizYaml('en', { correct: 'a', passMark: 80 }));
			expect(syncContent(db, dir.root)).toMatchObject({ versioned: ['quiz-demo'] });
			const versions = db
				.select()
				.from(contentVersions)
				.where(eq(contentVersions.itemId, 'quiz-demo'))
				.orderBy(contentVersions.version)
				.all();
			expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
			expect(versions[1].scoring).toMatchObject({
				scoring: 'partial',
				passMark: 70,
				questions: expect.arrayContaining([
					{ id: 'q1', type: 'single', points: 2, options: ['a', 'b', 'c'], correct: ['a'] }
				])
			});
		} finally {
			cleanup();
		}
	});
});
