import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { exerciseExtensions, type Locale } from '../db/schema';
import { listModules } from '../content/modules';
import { listReadIds } from '../content/reading';
import { getMyStandings, listQuizInfos, type MyQuizStanding } from '../quiz/queries';
import { listExercises } from '../exercises/catalog';
import { dueInstant } from '../exercises/deadline';
import {
	listExerciseProgress,
	loadExerciseRecords,
	type ExerciseState
} from '../exercises/progress';
import { countUnread, listNotifications, type NotificationListItem } from '../notifications';
import { listLabProgress } from './labs';

/** How far ahead "due soon" looks, in ms (7 days). */
export const DUE_SOON_MS = 7 * 24 * 60 * 60 * 1000;

export type ModuleProgress = {
	number: number;
	title: string;
	path: string;
	read: boolean;
	quizzes: Array<{ id: string; title: string; path: string; attempted: boolean; passed: boolean }>;
	labs: Array<{ id: string; title: string; path: string; done: boolean }>;
	exercises: Array<{
		id: string;
		title: string;
		path: string;
		state: ExerciseState;
		/** Newest submission, for a link to its feedback. */
		submissionId: number | null;
	}>;
};

/** Something the learner still has to hand in, due within {@link DUE_SOON_MS}. */
export type DueItem = {
	kind: 'exercise' | 'quiz' | 'lab';
	title: string;
	path: string;
	dueAt: Date;
	/** An instructor's extension replaced the exercise's due date. */
	extended: boolean;
};

export type HomeGrade = {
	submissionId: number;
	exerciseTitle: string;
	attempt: number;
	points: number;
	maxPoints: number;
	penaltyPercent: number;
	releasedAt: Date;
};

export type LearnerHome = {
	modules: ModuleProgress[];
	dueSoon: DueItem[];
	grades: HomeGrade[];
	notifications: { unread: number; latest: NotificationListItem[] };
	/** The learner's quiz standings, for `listMyQuizResults` on the same page. */
	quizStandings: Map<string, MyQuizStanding>;
};

/**
 * Everything the signed-in learner's home page shows, in a constant number of statements (seven
 * with the read cache warm: quiz attempts, exercise submissions, released grades, drafts, lab
 * attempts, extensions, and the newest unread notifications when there are any), whatever the
 * number of modules, quizzes and exercises:
 * - per module (by number): read or not, its quizzes (passed = the counting attempt passed, by the
 *   quiz's grading method), its labs (registered by the labs domain, see ./labs.ts), its exercises
 *   (an exercise listing several modules shows under each) with their state;
 * - due soon: exercises not yet submitted whose due date — the learner's extension if any, else
 *   the exercise's — falls within the next {@link DUE_SOON_MS}, timed quiz attempts still open,
 *   and labs not done with a due date; soonest first;
 * - released grades (only through `listReleasedGrades`: grading owns them), newest first;
 * - unread notifications: the count and the newest five, rendered in `locale`.
 */
export function getLearnerHome(
	db: Db,
	userId: number,
	locale: Locale,
	now = new Date()
): LearnerHome {
	const read = listReadIds(db, userId, ['module']);
	const quizzes = listQuizInfos(db, locale);
	const standings = getMyStandings(db, userId, new Map(quizzes.map((q) => [q.id, q.grading])));
	const exercises = listExercises(db, locale);
	const records = loadExerciseRecords(db, userId);
	const progress = listExerciseProgress(db, userId, records);
	const labs = listLabProgress(db, userId, locale);

	const modules: ModuleProgress[] = listModules(db, locale).map((mod) => ({
		number: mod.number,
		title: mod.title,
		path: mod.path,
		read: read.has(mod.id),
		quizzes: quizzes
			.filter((q) => q.module === mod.number)
			.map((q) => {
				const s = standings.get(q.id);
				return {
					id: q.id,
					title: q.title,
					path: q.path,
					attempted: !!s,
					passed: !!s?.counting?.passed
				};
			}),
		labs: labs
			.filter((l) => l.module === mod.number)
			.map(({ id, title, path, done }) => ({ id, title, path, done })),
		exercises: exercises
			.filter((e) => e.meta.modules.includes(mod.number))
			.map((e) => {
				const p = progress.get(e.id);
				return {
					id: e.id,
					title: e.title,
					path: e.path,
					state: p?.state ?? 'not_started',
					submissionId: p?.latestSubmissionId ?? null
				};
			})
	}));

	const horizon = now.getTime() + DUE_SOON_MS;
	const soon = (d: Date | null | undefined): d is Date =>
		!!d && d.getTime() > now.getTime() && d.getTime() <= horizon;
	const extensions = new Map(
		db
			.select({ itemId: exerciseExtensions.itemId, dueAt: exerciseExtensions.dueAt })
			.from(exerciseExtensions)
			.where(eq(exerciseExtensions.userId, userId))
			.all()
			.map((x) => [x.itemId, x.dueAt])
	);
	const dueSoon: DueItem[] = [];
	for (const e of exercises) {
		const state = progress.get(e.id)?.state ?? 'not_started';
		if (state !== 'not_started' && state !== 'draft') continue;
		const ext = extensions.get(e.id);
		const dueAt = ext ?? dueInstant(e.meta.due);
		if (soon(dueAt)) {
			dueSoon.push({ kind: 'exercise', title: e.title, path: e.path, dueAt, extended: !!ext });
		}
	}
	for (const q of quizzes) {
		const deadline = standings.get(q.id)?.openDeadline;
		if (deadline && deadline.getTime() > now.getTime()) {
			dueSoon.push({
				kind: 'quiz',
				title: q.title,
				path: q.path,
				dueAt: deadline,
				extended: false
			});
		}
	}
	for (const l of labs) {
		if (!l.done && soon(l.dueAt)) {
			dueSoon.push({ kind: 'lab', title: l.title, path: l.path, dueAt: l.dueAt, extended: false });
		}
	}
	dueSoon.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());

	const mine = records.submissions;
	const released = records.released;
	const titles = new Map(exercises.map((e) => [e.id, e.title]));
	const grades: HomeGrade[] = mine
		.flatMap((s) => {
			const g = released.get(s.id);
			return g
				? [
						{
							submissionId: s.id,
							exerciseTitle: titles.get(s.itemId) ?? s.itemId,
							attempt: s.attempt,
							points: g.points,
							maxPoints: g.maxPoints,
							penaltyPercent: g.penaltyPercent,
							releasedAt: g.releasedAt
						}
					]
				: [];
		})
		.sort((a, b) => b.releasedAt.getTime() - a.releasedAt.getTime());

	// The header's cached count; the newest five are read only when there are any.
	const unread = countUnread(db, userId);
	const latest =
		unread > 0
			? listNotifications(db, userId, locale, { unreadOnly: true, pageSize: 5, withTotal: false })
					.rows
			: [];
	return {
		modules,
		dueSoon,
		grades,
		notifications: { unread, latest },
		quizStandings: standings
	};
}
