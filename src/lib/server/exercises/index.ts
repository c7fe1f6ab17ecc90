/**
 * Design exercises (the learner's side of issue 8): catalogue, drafts, the exercise rules (attempt
 * limit, due date in a named time zone, late policy, extensions), submitting into the feedback
 * pipeline, progress, the submission page's data (evidence highlights, version diffs), the rubric
 * store the feedback worker reads, and the provider notice.
 *
 * For grading: `grantExtension` / `revokeExtension` / `listExtensions`, and `getReleasedGrade` /
 * `listReleasedGrades`, which the exercise pages read (they return nothing until grading
 * implements them).
 */
export { listExercises, getExercisePage, getExerciseById, type Exercise } from './catalog';
export { dueInstant, lateness, type Lateness } from './deadline';
export { getDraft, saveDraft } from './drafts';
export {
	grantExtension,
	revokeExtension,
	getExtension,
	listExtensions,
	ExtensionError
} from './extensions';
export {
	submitExercise,
	deadlineFor,
	countAttempts,
	answerLimit,
	type Deadline,
	type SubmitExerciseInput,
	type SubmitExerciseResult
} from './submit';
export {
	listExerciseProgress,
	loadExerciseRecords,
	listAttempts,
	type ExerciseRecords,
	type ExerciseState,
	type ExerciseProgress,
	type AttemptSummary
} from './progress';
export {
	canViewSubmission,
	getSubmissionView,
	getSubmissionAnswer,
	type SubmissionView,
	type Viewer
} from './submissions';
export { getReleasedGrade, listReleasedGrades, type ReleasedGrade } from './grades';
export { storeExerciseRubrics, resolveExerciseRubric } from './rubrics';
export { highlightEvidence, locateQuote, type AnswerSegment } from './highlight';
export { diffAnswers, type AnswerDiff, type DiffLine, type DiffSkip } from './diff';
export { providerNotice, providerName } from './notice';
export { describeDeadline, latePolicyText, type DeadlineText } from './describe';
