import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { submissions } from '../db/schema';
import { syncContent } from '../content/sync';
import { labKind } from '../content/kinds';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { makeCohort } from '../../../../tests/support/grading';
import { getLabPage } from './catalog';
import { submitLab, type SubmitLabInput } from './submit';
import { getLabAttempt, listLabAttempts, listLabProgress } from './attempts';
import { resolveLabRubric } from './rubrics';
import { labStats } from './stats';
import { labsExportPart } from './export';

let t: ReturnType<typeof createTestDb>;
let db: Db;
beforeEach(() => {
	t = createTestDb();
	db = t.db;
	syncContent(db, 'cases', { kinds: [labKind] });
});
afterEach(() => t.cleanup());

const REF = `{
  "type": "object",
  "properties": {
    "category": { "enum": ["billing", "technical", "account", "shipping", "other"] },
    "priority": { "enum": ["P1", "P2", "P3", "P4"] },
    "confidence": { "type": "number", "minimum": 0, "maximum": 1 },
    "summary": { "type": "string", "minLength": 1, "maxLength": 200 },
    "needsHumanReview": { "type": "boolean" },
    "tags": { "type": "array", "items": { "type": "string", "minLength": 1 }, "maxItems": 5, "uniqueItems": true }
  },
  "required": ["category", "priority", "confidence", "summary", "needsHumanReview"],
  "additionalProperties": false
}`;

function input(
	slug: string,
	userId: number,
	answer: SubmitLabInput['answer'],
	key: string
): SubmitLabInput {
	const lab = getLabPage(db, slug, 'en')!;
	return {
		userId,
		lab: { id: lab.id, version: lab.version, meta: lab.meta },
		locale: 'en',
		answer,
		idempotencyKey: key,
		timeoutMs: 5000,
		pipelineMaxChars: 20_000
	};
}

describe('submitLab', () => {
	it('checks a schema against the hidden samples and stores the attempt once (idempotent)', async () => {
		const u = await makeUser(db);
		const a = input(
			'interface-schema-ticket-classifier',
			u.id,
			{ step: 'schema', text: REF },
			'key-aaaa-1'
		);
		const first = await submitLab(db, a);
		const again = await submitLab(db, a);
		expect(first).toMatchObject({ ok: true, duplicate: false });
		expect(again).toEqual({
			ok: true,
			attemptId: (first as { attemptId: number }).attemptId,
			duplicate: true
		});
		const list = listLabAttempts(db, u.id, 'lab-interface-schema-ticket-classifier');
		expect(list).toHaveLength(1);
		expect(list[0]).toMatchObject({ score: 15, maxScore: 15, passed: true });
		expect(listLabProgress(db, u.id).get('lab-interface-schema-ticket-classifier')).toMatchObject({
			state: 'passed',
			best: 1
		});
	});

	it('stores a wrong schema with its misjudged samples but never a payload', async () => {
		const u = await makeUser(db);
		const loose = REF.replace('"additionalProperties": false', '"additionalProperties": true');
		const r = await submitLab(
			db,
			input(
				'interface-schema-ticket-classifier',
				u.id,
				{ step: 'schema', text: loose },
				'key-bbbb-1'
			)
		);
		if (!r.ok) throw new Error(r.reason);
		const view = getLabAttempt(db, r.attemptId, { id: u.id, role: 'learner' })!;
		expect(view.passed).toBe(false);
		const wrong = (view.result!.samples as Array<{ id: string; correct: boolean }>).filter(
			(s) => !s.correct
		);
		expect(wrong.map((s) => s.id)).toEqual(['s10']);
		expect(JSON.stringify(view)).not.toContain('模型的推理过程');
		expect(getLabAttempt(db, r.attemptId, { id: u.id + 1000, role: 'learner' })).toBeNull();
	});

	it('shows an attempt to its author, the instructors of their cohorts and admins only', async () => {
		const u = await makeUser(db);
		const teacher = await makeUser(db, { role: 'instructor' });
		const stranger = await makeUser(db, { role: 'instructor' });
		const admin = await makeUser(db, { role: 'admin' });
		makeCohort(db, teacher, [u.id]);
		makeCohort(db, stranger);
		const r = await submitLab(
			db,
			input(
				'interface-schema-ticket-classifier',
				u.id,
				{ step: 'schema', text: REF },
				'key-scope-1'
			)
		);
		if (!r.ok) throw new Error(r.reason);
		expect(getLabAttempt(db, r.attemptId, u)?.isOwner).toBe(true);
		expect(getLabAttempt(db, r.attemptId, teacher)?.isOwner).toBe(false);
		expect(getLabAttempt(db, r.attemptId, admin)).not.toBeNull();
		expect(getLabAttempt(db, r.attemptId, stranger)).toBeNull();
	});

	it('refuses malformed text without storing it or using an attempt', async () => {
		const u = await makeUser(db);
		const r = await submitLab(
			db,
			input(
				'interface-schema-ticket-classifier',
				u.id,
				{ step: 'schema', text: '{"type":' },
				'key-cccc-1'
			)
		);
		expect(r).toMatchObject({ ok: false, reason: 'schema', problem: { code: 'not_json' } });
		expect(listLabAttempts(db, u.id, 'lab-interface-schema-ticket-classifier')).toHaveLength(0);
	});

	it('checks the OpenAPI step against the request and response samples', async () => {
		const u = await makeUser(db);
		const lab = getLabPage(db, 'interface-schema-ticket-classifier', 'en')!;
		const r = await submitLab(
			db,
			input(
				'interface-schema-ticket-classifier',
				u.id,
				{ step: 'openapi', text: lab.meta.interface!.openapi!.solution },
				'key-dddd-1'
			)
		);
		if (!r.ok) throw new Error(JSON.stringify(r));
		expect(listLabAttempts(db, u.id, lab.id)[0]).toMatchObject({ score: 8, maxScore: 8 });
	});

	it('checks capacity numbers within their tolerance and refuses unreadable ones', async () => {
		const u = await makeUser(db);
		const answers = {
			'peak-rpm': '1,800',
			'peak-rps': '30 次/秒',
			'peak-tpm': '3.24M',
			'in-flight': '120',
			'fits-limits': 'no',
			'daily-cost': '¥648',
			'batch-saving': '100'
		};
		const bad = await submitLab(
			db,
			input(
				'capacity-cost-support-assistant',
				u.id,
				{ step: 'capacity', answers: { ...answers, 'peak-rps': '20-30' } },
				'key-eeee-1'
			)
		);
		expect(bad).toMatchObject({
			ok: false,
			reason: 'capacity',
			problems: { 'peak-rps': 'several_numbers' }
		});
		const r = await submitLab(
			db,
			input('capacity-cost-support-assistant', u.id, { step: 'capacity', answers }, 'key-eeee-2')
		);
		if (!r.ok) throw new Error(r.reason);
		const view = getLabAttempt(db, r.attemptId, { id: u.id, role: 'learner' })!;
		expect(view).toMatchObject({ score: 6, maxScore: 7, passed: false });
	});

	it('sends a runbook through the feedback pipeline and refuses empty sections', async () => {
		const u = await makeUser(db);
		const sections = {
			detection: '错误率告警 5xx 超过 20% 持续 5 分钟',
			mitigation: '熔断，暂停批处理',
			fallback: '切换备用服务商，确认数据出境合规',
			communication: '状态页公告，每 30 分钟更新',
			recovery: '半开探测，逐步放量，在限额内重放积压',
			'follow-up': '无责复盘，根因与改进项'
		};
		const empty = await submitLab(
			db,
			input(
				'runbook-provider-outage',
				u.id,
				{ step: 'runbook', sections: { ...sections, recovery: '  ' } },
				'key-ffff-1'
			)
		);
		expect(empty).toMatchObject({ ok: false, reason: 'runbook', empty: ['recovery'] });
		const r = await submitLab(
			db,
			input('runbook-provider-outage', u.id, { step: 'runbook', sections }, 'key-ffff-2')
		);
		if (!r.ok) throw new Error(r.reason);
		const view = getLabAttempt(db, r.attemptId, { id: u.id, role: 'learner' })!;
		expect(view).toMatchObject({ pending: true, score: null });
		const sub = db.select().from(submissions).all();
		expect(sub).toHaveLength(1);
		expect(sub[0].answer).toContain('## Detection and assessment');
		expect(resolveLabRubric(db, 'lab-runbook-provider-outage', 1)?.criteria).toHaveLength(5);
	});

	it('enforces the attempt limit', async () => {
		const u = await makeUser(db);
		const lab = getLabPage(db, 'capacity-cost-support-assistant', 'en')!;
		const meta = { ...lab.meta, attemptLimit: 1 };
		const answers = { 'peak-rpm': '1' };
		const base = input(
			'capacity-cost-support-assistant',
			u.id,
			{ step: 'capacity', answers },
			'key-gggg-1'
		);
		const full = {
			...answers,
			'peak-rps': '1',
			'peak-tpm': '1',
			'in-flight': '1',
			'fits-limits': 'yes',
			'daily-cost': '1',
			'batch-saving': '1'
		};
		const one = await submitLab(db, {
			...base,
			lab: { ...base.lab, meta },
			answer: { step: 'capacity', answers: full }
		});
		expect(one.ok).toBe(true);
		const two = await submitLab(db, {
			...base,
			idempotencyKey: 'key-gggg-2',
			lab: { ...base.lab, meta },
			answer: { step: 'capacity', answers: full }
		});
		expect(two).toEqual({ ok: false, reason: 'attempt_limit', limit: 1 });
	});
});

describe('labStats and the export', () => {
	it('counts the most misjudged sample by its label and exports attempts without payloads', async () => {
		const a = await makeUser(db);
		const b = await makeUser(db);
		const loose = REF.replace('"additionalProperties": false', '"additionalProperties": true');
		for (const [u, k] of [
			[a, 'key-hhhh-1'],
			[b, 'key-hhhh-2']
		] as const) {
			await submitLab(
				db,
				input('interface-schema-ticket-classifier', u.id, { step: 'schema', text: loose }, k)
			);
		}
		const s = labStats(db, ['lab-interface-schema-ticket-classifier']).get(
			'lab-interface-schema-ticket-classifier'
		)!;
		expect(s).toMatchObject({ learners: 2, passed: 0, attempts: 2 });
		expect(s.mistakes[0]).toMatchObject({ id: 's10', valid: false, wrong: 2, judged: 2 });
		const part = labsExportPart(db, a, { locale: 'en', timeZone: 'UTC', now: new Date() });
		expect(part?.json).toHaveLength(1);
		expect(JSON.stringify(part)).not.toContain('模型的推理过程');
	});
});
