import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import type { Db } from '../db';
import { feedback, llmCalls, type LlmOutcome } from '../db/schema/feedback';
import { submitAnswer } from '../feedback';
import { getBudgetToday, getUsageSummary, lastDates } from './index';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-29T12:00:00Z'); // 20:00 in Shanghai
let db: Db;
let cleanup: () => void;
let jobA: number;
let jobB: number;
let subA: number;

function call(
	at: string,
	jobId: number | null,
	outcome: LlmOutcome,
	latencyMs: number,
	cost: number,
	tokens: [number, number] = [1000, 200]
) {
	db.insert(llmCalls)
		.values({
			jobId,
			userId: null,
			purpose: jobId ? 'feedback' : 'eval',
			model: 'fake-model',
			promptVersion: 'v1',
			tokensIn: tokens[0],
			tokensOut: tokens[1],
			latencyMs,
			outcome,
			cost,
			createdAt: new Date(at)
		})
		.run();
}

function fb(
	at: string,
	source: 'model' | 'offline',
	extra: { offlineReason?: 'no_provider' | 'provider_error' | 'budget'; cachedFromId?: number } = {}
): number {
	return db
		.insert(feedback)
		.values({
			submissionId: subA,
			source,
			offlineReason: extra.offlineReason ?? null,
			cachedFromId: extra.cachedFromId ?? null,
			rubricVersion: 1,
			rubricHash: 'h',
			locale: 'zh-CN',
			totalPoints: 1,
			maxPoints: 2,
			createdAt: new Date(at)
		})
		.returning({ id: feedback.id })
		.get().id;
}

beforeEach(async () => {
	({ db, cleanup } = createTestDb());
	const user = await makeUser(db);
	const submit = (itemId: string, key: string) =>
		submitAnswer(db, {
			userId: user.id,
			itemId,
			itemVersion: 1,
			locale: 'zh-CN',
			answer: 'an answer',
			idempotencyKey: key
		});
	({ jobId: jobA, submissionId: subA } = submit('exercise-a', 'usage-key-a'));
	({ jobId: jobB } = submit('exercise-b', 'usage-key-b'));

	call('2026-11-28T15:30:00Z', jobA, 'ok', 100, 0.5); // 23:30 on the 28th in Shanghai
	call('2026-11-28T16:30:00Z', jobA, 'ok', 300, 0.25); // 00:30 on the 29th
	call('2026-11-29T01:00:00Z', jobB, 'http_429', 50, 0, [0, 0]);
	call('2026-11-29T01:01:00Z', jobB, 'ok', 200, 1);
	call('2026-11-29T02:00:00Z', null, 'ok', 400, 0.1); // an evaluation run: no exercise
	call('2026-11-29T03:00:00Z', jobB, 'aborted', 10, 0, [0, 0]); // shutdown: not an error
	call('2026-11-20T03:00:00Z', jobA, 'ok', 9999, 5); // before the period

	const first = fb('2026-11-29T01:02:00Z', 'model');
	fb('2026-11-29T01:03:00Z', 'model', { cachedFromId: first });
	fb('2026-11-29T01:04:00Z', 'offline', { offlineReason: 'provider_error' });
	fb('2026-11-29T01:05:00Z', 'offline', { offlineReason: 'no_provider' });
	fb('2026-11-20T01:05:00Z', 'offline', { offlineReason: 'budget' }); // before the period
});
afterEach(() => cleanup());

describe('usage dashboard numbers', () => {
	it('sums calls, tokens and cost per local day and per exercise', () => {
		const s = getUsageSummary(db, { days: 3, timeZone: TZ, now: NOW });
		expect(s.from).toEqual(new Date('2026-11-26T16:00:00Z'));
		expect(s.days.map((d) => [d.date, d.calls, d.errors])).toEqual([
			['2026-11-27', 0, 0],
			['2026-11-28', 1, 0],
			['2026-11-29', 5, 1]
		]);
		expect(s.days[2].cost).toBeCloseTo(1.35);
		expect(s.days[2].tokensIn).toBe(3000);
		expect(s.totals).toMatchObject({ calls: 6, errors: 1, tokensIn: 4000, tokensOut: 800 });
		expect(s.totals.cost).toBeCloseTo(1.85);
		expect(s.exercises.map((e) => [e.itemId, e.calls])).toEqual([
			['exercise-b', 3],
			['exercise-a', 2]
		]);
		expect(s.exercises[0].cost).toBeCloseTo(1);
		expect(s.exercises[1].cost).toBeCloseTo(0.75);
	});

	it('computes latency percentiles of successful calls and the error, fallback and cache-hit rates', () => {
		const s = getUsageSummary(db, { days: 3, timeZone: TZ, now: NOW });
		expect(s.latency).toEqual({ p50: 200, p95: 400 });
		expect(s.rates.error).toBeCloseTo(1 / 5); // the aborted call is not counted
		expect(s.rates.fallback).toBeCloseTo(1 / 4); // no_provider is not a fallback
		expect(s.rates.cacheHit).toBeCloseTo(1 / 2);
		expect(s.feedback).toEqual({ total: 4, model: 2, cached: 1, offline: 2, fallback: 1 });
	});

	it('puts calls into days of the zone asked for (half-hour offsets too)', () => {
		// In Kolkata (+5:30) 16:30Z is 22:00 on the 28th, and 15:30Z is 21:00.
		const s = getUsageSummary(db, { days: 2, timeZone: 'Asia/Kolkata', now: NOW });
		expect(s.days.map((d) => [d.date, d.calls])).toEqual([
			['2026-11-28', 2],
			['2026-11-29', 4]
		]);
		expect(lastDates(3, 'America/New_York', NOW)).toEqual([
			'2026-11-27',
			'2026-11-28',
			'2026-11-29'
		]);
	});

	it('has no rates or percentiles without data', () => {
		const s = getUsageSummary(db, { days: 7, timeZone: TZ, now: new Date('2027-06-01T00:00:00Z') });
		expect(s.totals.calls).toBe(0);
		expect(s.latency).toEqual({ p50: null, p95: null });
		expect(s.rates).toEqual({ error: null, fallback: null, cacheHit: null });
	});

	it('reports today’s spend against the daily budget', () => {
		const b = getBudgetToday(db, TZ, 2, NOW);
		expect(b.spent).toBeCloseTo(1.35);
		expect(b.limit).toBe(2);
		expect(b.fraction).toBeCloseTo(0.675);
		expect(getBudgetToday(db, TZ, undefined, NOW)).toMatchObject({ limit: null, fraction: null });
	});
});
