import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { requireUser } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { isArchived } from '$lib/server/archive';
import { getLabAttempt, getLabById, getLabKey, resolveLabRubric } from '$lib/server/labs';
import type { SampleOutcome, CapacityOutcome } from '$lib/server/labs';
import { feedbackCards } from '../../../../submissions/[id]/cards';
import { describeAjvErrors } from '../../../describe';

/**
 * One lab attempt's result, for its author or staff (anyone else: 404, like a missing one):
 * interface steps list each misjudged hidden sample by its label and hint (and ajv's reason for a
 * rejected valid one) — never a payload — then the reference; capacity shows each value against
 * the answer and the worked solution; a runbook shows its rubric feedback (reloading until ready).
 */
export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, m.error_not_found());
	const db = getDb();
	const locale = getLocale();
	const attempt = getLabAttempt(db, id, user);
	if (!attempt) error(404, m.error_not_found());
	const lab = getLabById(db, attempt.itemId, locale);
	if (!lab || lab.slug !== event.params.slug) error(404, m.error_not_found());
	const meta = lab.meta;
	const base = {
		lab: { title: lab.title, path: lab.path, live: lab.live, type: meta.type },
		attempt: {
			id: attempt.id,
			attempt: attempt.attempt,
			step: attempt.step,
			createdAt: formatDateTime(attempt.createdAt, locale, user.timeZone),
			score: attempt.score,
			maxScore: attempt.maxScore,
			passed: attempt.passed,
			pending: attempt.pending,
			versionChanged: attempt.itemVersion !== lab.version
		},
		isOwner: attempt.isOwner,
		canRetry: attempt.isOwner && lab.live && !isArchived(db),
		passPercent: meta.passPercent
	};

	if (attempt.step === 'schema' || attempt.step === 'openapi') {
		const key = getLabKey(db, attempt.itemId, attempt.itemVersion)?.samples;
		const hints = new Map(
			[
				...(key?.schema ?? []),
				...(key?.openapi?.request ?? []),
				...(key?.openapi?.response ?? [])
			].map((s) => [s.id, s.hint[locale]])
		);
		const samples = (
			(attempt.result?.samples ?? []) as Array<SampleOutcome & { part?: string }>
		).map((s) => ({
			id: s.id,
			part: s.part ?? null,
			valid: s.valid,
			accepted: s.accepted,
			correct: s.correct,
			// Only a misjudged sample's hint: what it tests, not what it is.
			hint: s.correct ? null : (hints.get(s.id) ?? null),
			reasons: describeAjvErrors(s.errors ?? [], locale)
		}));
		const reference =
			attempt.step === 'schema'
				? (meta.interface?.solution ?? '')
				: (meta.interface?.openapi?.solution ?? '');
		return {
			...base,
			text: String(attempt.answer.text ?? ''),
			samples,
			reference,
			capacity: null,
			runbook: null
		};
	}

	if (attempt.step === 'capacity') {
		const questions = meta.capacity?.questions ?? [];
		const outcomes = (attempt.result?.outcomes ?? []) as CapacityOutcome[];
		const answers = (attempt.answer.answers ?? {}) as Record<string, string>;
		return {
			...base,
			text: null,
			samples: null,
			reference: null,
			capacity: {
				rows: outcomes.map((o) => {
					const q = questions.find((x) => x.id === o.id);
					return {
						id: o.id,
						label: q?.label ?? o.id,
						unit: q && q.kind === 'number' ? q.unit : '',
						typed: answers[o.id] ?? '',
						value: o.value,
						expected: o.expected,
						correct: o.correct,
						offPercent: o.offPercent,
						tolerance: q && q.kind === 'number' ? q.tolerance : null
					};
				}),
				solutionHtml: meta.capacity?.solutionHtml ?? []
			},
			runbook: null
		};
	}

	const sections = (attempt.answer.sections ?? {}) as Record<string, string>;
	const fb = attempt.feedback?.feedback ?? null;
	const rubric = resolveLabRubric(db, attempt.itemId, attempt.itemVersion);
	return {
		...base,
		text: null,
		samples: null,
		reference: null,
		capacity: null,
		runbook: {
			sections: (meta.runbook?.sections ?? []).map((s) => ({
				id: s.id,
				title: s.title,
				text: sections[s.id] ?? ''
			})),
			submissionId: attempt.submissionId,
			failed: attempt.feedback?.job?.state === 'failed' && !fb,
			feedback: fb
				? {
						source: fb.source,
						summary: fb.summary,
						totalPoints: fb.totalPoints,
						maxPoints: fb.maxPoints,
						cards: rubric ? feedbackCards(fb, rubric, locale) : []
					}
				: null
		}
	};
};
