/**
 * Hands-on labs (实战演练, issue 9): the catalogue, checking and storing attempts (interface labs:
 * JSON Schema and OpenAPI against hidden samples in a worker thread; capacity labs: numbers within
 * tolerances; runbook labs: the feedback pipeline's rubric), attempt history, progress (for the
 * home page and the gradebook: `listLabProgress`), staff statistics, the rubric resolver and the
 * privacy hooks. Lab content format: cases/labs/README.md.
 */
export { listLabs, getLabPage, getLabById, getLabKey, type Lab } from './catalog';
export {
	submitLab,
	countLabAttempts,
	runbookMarkdown,
	passes,
	type LabAnswer,
	type SubmitLabInput,
	type SubmitLabResult
} from './submit';
export {
	listLabAttempts,
	listLabProgress,
	getLabAttempt,
	getLastAnswers,
	type LastAnswers,
	type LabAttemptSummary,
	type LabAttemptView,
	type LabProgress,
	type LabState,
	type LabScore,
	type LabViewer
} from './attempts';
export { labStats, type LabStats, type MistakeCount } from './stats';
export { storeLabRubrics, resolveLabRubric } from './rubrics';
export { registerLabsPrivacy, labsExportPart } from './export';
export { labColumns, registerLabGradebook } from './gradebook';
export { consumeLabSubmit } from './rate-limit';
export { parseQuantity, withinTolerance } from './numbers';
export { checkSchemaText, type SchemaProblem, type SampleOutcome } from './schema-check';
export { checkOpenApiText, type OpenApiProblem } from './openapi-check';
export { checkCapacity, type CapacityOutcome, type CapacityFieldProblem } from './capacity';
