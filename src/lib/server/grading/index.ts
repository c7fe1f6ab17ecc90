/**
 * Instructor grading (issue 10): the queue, the grading view's data, saving and releasing grades
 * (audited, the learner notified), the private thread of a submission with regrade requests, and
 * the gradebook. Grades live in `grades` / `grade_criteria` (working copy) and `grade_releases`
 * (what learners see, read through `getReleasedGrade` in the exercises domain). The feedback
 * pipeline never writes these tables, so later AI feedback cannot overwrite an instructor's grade.
 */
export { gradedLearners, gradesLearner, gradableSubmissionOwner, type Staff } from './scope';
export { levelRange, applyPenalty, round2 } from './rules';
export {
	saveGrade,
	releaseGrades,
	currentPenalty,
	GradingError,
	type SaveGradeInput,
	type CriterionGradeInput
} from './save';
export {
	listQueue,
	queueNeighbours,
	QUEUE_STATES,
	type QueueState,
	type QueueFilter,
	type QueueRow
} from './queue';
export { getGradingView, type GradingView, type CriterionStart } from './view';
export {
	listThread,
	addThreadComment,
	requestRegrade,
	regradeOpen,
	canUseThread,
	threadStaff,
	ThreadError,
	THREAD_MAX_CHARS,
	type ThreadComment
} from './thread';
export {
	listGradebook,
	gradebookCsv,
	gradebookGeneration,
	gradebookCacheUsable,
	GRADEBOOK_TRIGGERS,
	scoreDistribution,
	criterionStats,
	canSeeGradebook,
	ROUNDING_RULE,
	type GradebookRow,
	type GradebookQuery,
	type CriterionStats
} from './gradebook';
export {
	listGradebookColumns,
	registerGradebookSource,
	GRADEBOOK_SOURCES,
	type GradebookColumn,
	type GradebookSource
} from './gradebook-columns';
export { gradesExportPart, registerGradingExport } from './export';
export { consumeRegradeRequest, consumeThreadComment, gradingRateLimited } from './rate-limit';
