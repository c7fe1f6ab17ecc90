/**
 * Module quizzes (issue 7): scoring (scoring.ts, pure), attempts (attempts.ts, every write),
 * page reads (queries.ts, view.ts) and the instructor's item analysis (analysis.ts).
 * The quiz content kind is in ../content/kinds/quiz.ts; its rule is in cases/quizzes/README.md.
 */
export { QuizError, type QuizErrorCode } from './errors';
export { answersFromForm, validateAnswers, ANSWER_FIELD_PREFIX, type RawAnswers } from './answers';
export {
	closeExpiredAttempts,
	isPastGrace,
	saveAnswers,
	startAttempt,
	submitAttempt,
	type AttemptClock,
	type SaveResult,
	type SubmitResult
} from './attempts';
export { getOwnAttempt, getQuizKey } from './records';
export {
	countingAttempt,
	getMyStandings,
	getQuizInfo,
	getQuizSlug,
	getMyQuizHistory,
	listQuizInfos,
	listMyQuizResults,
	type MyQuizResult,
	scoreOf,
	type AttemptSummary,
	type MyQuizStanding,
	type QuizInfo,
	type ScoreView
} from './queries';
export { buildAttemptView, type AttemptView, type GradedQuestion, type OpenQuestion } from './view';
export {
	analyseItems,
	countAttemptsByQuiz,
	listAnalysedVersions,
	listQuizAttempts,
	type ItemAnalysis,
	type StaffAttemptRow
} from './analysis';
export { formatPoints, gradeAttempt, percentOf, type Grade, type QuizKey } from './scoring';

import { getConfig } from '../config';
import type { AttemptClock as Clock } from './attempts';

/** The real clock for attempts: now, and the grace period QUIZ_GRACE_MS. */
export function quizClock(): Clock {
	return { now: new Date(), graceMs: getConfig().QUIZ_GRACE_MS };
}
