import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import type { Locale } from '../db/schema';
import { gradedLearners, type Staff } from './scope';

/**
 * Queue states (each a filter; a submission may be in several):
 * - `awaiting`: needs an instructor — no grade yet, a draft, or an open regrade request;
 * - `ai`: has feedback from the model; `offline`: has feedback, only from the offline check;
 * - `unverified`: the feedback shown has a criterion whose evidence could not be verified;
 * - `late`: submitted after its due date; `regrade`: the learner asked for a regrade;
 * - `released`: the grade the learner sees is the working grade; `all`: no state filter.
 */
export const QUEUE_STATES = [
	'awaiting',
	'ai',
	'offline',
	'unverified',
	'late',
	'regrade',
	'released',
	'all'
] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export type QueueFilter = {
	cohortId?: number | null;
	itemId?: string | null;
	state?: QueueState;
};

export type QueueRow = {
	submissionId: number;
	userId: number;
	learnerName: string;
	itemId: string;
	exerciseTitle: string | null;
	attempt: number | null;
	createdAt: Date;
	late: boolean;
	penaltyPercent: number;
	/** `model`, `offline` or null (no feedback yet): the feedback an instructor starts from. */
	feedbackSource: 'model' | 'offline' | null;
	feedbackPoints: number | null;
	unverified: boolean;
	gradeState: 'draft' | 'released' | null;
	gradePoints: number | null;
	maxPoints: number | null;
	releasedAt: Date | null;
	regradeRequested: boolean;
};

/** Id of the feedback row a submission shows: the newest model feedback, else the newest offline. */
const shownFeedback = sql`coalesce(
	(select max(f.id) from feedback f where f.submission_id = s.id and f.source = 'model'),
	(select max(f.id) from feedback f where f.submission_id = s.id))`;

function stateCondition(state: QueueState): SQL {
	switch (state) {
		case 'awaiting':
			return sql`(g.submission_id is null or g.state = 'draft' or g.regrade_requested_at is not null)`;
		case 'ai':
			return sql`exists (select 1 from feedback f where f.submission_id = s.id and f.source = 'model')`;
		case 'offline':
			return sql`(exists (select 1 from feedback f where f.submission_id = s.id) and not exists (select 1 from feedback f where f.submission_id = s.id and f.source = 'model'))`;
		case 'unverified':
			return sql`exists (select 1 from feedback_criteria fc where fc.feedback_id = ${shownFeedback} and fc.verified = 0)`;
		case 'late':
			return sql`es.late = 1`;
		case 'regrade':
			return sql`g.regrade_requested_at is not null`;
		case 'released':
			return sql`g.state = 'released'`;
		case 'all':
			return sql`1`;
	}
}

/**
 * The WHERE clause of the queue: learners `staff` grades (optionally one cohort's), one exercise,
 * a state; only each learner's latest submission per exercise, plus older ones that have a grade.
 */
function where(db: Db, staff: Staff, f: QueueFilter): SQL {
	// `+s.user_id`: the unary plus keeps SQLite from driving the query by the learners list (then
	// sorting every submission); it walks submissions_created_idx, oldest first, and stops at the page.
	return sql`${gradedLearners(sql`+s.user_id`, staff, db, f.cohortId)}
		and ${f.itemId ? sql`s.item_id = ${f.itemId}` : sql`1`}
		and ${stateCondition(f.state ?? 'awaiting')}
		and (g.submission_id is not null or s.id = (select max(s2.id) from submissions s2 where s2.user_id = s.user_id and s2.item_id = s.item_id))`;
}

const FROM = sql`from submissions s
	join users u on u.id = s.user_id
	left join exercise_submissions es on es.submission_id = s.id
	left join grades g on g.submission_id = s.id`;

type Raw = Omit<
	QueueRow,
	'createdAt' | 'late' | 'unverified' | 'releasedAt' | 'regradeRequested'
> & {
	createdAt: number;
	late: number | null;
	unverified: number;
	releasedAt: number | null;
	regradeRequestedAt: number | null;
};

/** The queue counts at most this many submissions ("1,000+"): counting costs a visit per row. */
export const QUEUE_COUNT_LIMIT = 1000;

/**
 * One page of the grading queue, oldest submission first (then by id), with the count — exact up
 * to {@link QUEUE_COUNT_LIMIT}, beyond which `total` is the limit and `more` is true (pages past it
 * still work; `opts.countLimit` overrides the limit). Exercise titles in `locale`. `pageSize` rows from 1-based `page`. All in SQL.
 */
export function listQueue(
	db: Db,
	staff: Staff,
	filter: QueueFilter,
	opts: { page?: number; pageSize?: number; locale: Locale; countLimit?: number }
): { rows: QueueRow[]; total: number; more: boolean } {
	const limit = opts.countLimit ?? QUEUE_COUNT_LIMIT;
	const pageSize = opts.pageSize ?? 25;
	const offset = (Math.max(1, opts.page ?? 1) - 1) * pageSize;
	const w = where(db, staff, filter);
	const counted =
		db.get<{ n: number }>(
			sql`select count(*) as n from (select 1 ${FROM} where ${w} limit ${limit + 1})`
		)?.n ?? 0;
	const more = counted > limit;
	const total = Math.min(counted, limit);
	const raw = db.all<Raw>(sql`select s.id as submissionId, s.user_id as userId,
		u.display_name as learnerName, s.item_id as itemId,
		(select cl.title from content_locales cl where cl.item_id = s.item_id and cl.locale = ${opts.locale}) as exerciseTitle,
		es.attempt as attempt, s.created_at as createdAt, es.late as late,
		coalesce(es.penalty_percent, 0) as penaltyPercent,
		(select f.source from feedback f where f.id = ${shownFeedback}) as feedbackSource,
		(select f.total_points from feedback f where f.id = ${shownFeedback}) as feedbackPoints,
		exists (select 1 from feedback_criteria fc where fc.feedback_id = ${shownFeedback} and fc.verified = 0) as unverified,
		g.state as gradeState, g.points as gradePoints, g.max_points as maxPoints,
		g.released_at as releasedAt, g.regrade_requested_at as regradeRequestedAt
		${FROM} where ${w}
		order by s.created_at asc, s.id asc limit ${pageSize} offset ${offset}`);
	const rows = raw.map(({ regradeRequestedAt, ...r }) => ({
		...r,
		createdAt: new Date(r.createdAt),
		late: r.late === 1,
		unverified: r.unverified === 1,
		releasedAt: r.releasedAt === null ? null : new Date(r.releasedAt),
		regradeRequested: regradeRequestedAt !== null
	}));
	return { rows, total, more };
}

/**
 * The submissions before and after `submissionId` in the queue with `filter` (for next/previous in
 * the grading view); null at either end or when it is not in that queue.
 */
export function queueNeighbours(
	db: Db,
	staff: Staff,
	filter: QueueFilter,
	submissionId: number
): { previous: number | null; next: number | null } {
	const w = where(db, staff, filter);
	const at = db.get<{ c: number }>(
		sql`select created_at as c from submissions where id = ${submissionId}`
	);
	if (!at) return { previous: null, next: null };
	const prev = db.get<{ id: number }>(sql`select s.id as id ${FROM} where ${w}
		and (s.created_at < ${at.c} or (s.created_at = ${at.c} and s.id < ${submissionId}))
		order by s.created_at desc, s.id desc limit 1`);
	const next = db.get<{ id: number }>(sql`select s.id as id ${FROM} where ${w}
		and (s.created_at > ${at.c} or (s.created_at = ${at.c} and s.id > ${submissionId}))
		order by s.created_at asc, s.id asc limit 1`);
	return { previous: prev?.id ?? null, next: next?.id ?? null };
}
