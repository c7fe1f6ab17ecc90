/**
 * Learner progress (issue 10): the signed-in learner's home page (`getLearnerHome`) and the
 * extension point through which labs report progress (`registerLabProgress`).
 */
export {
	getLearnerHome,
	DUE_SOON_MS,
	type LearnerHome,
	type ModuleProgress,
	type DueItem,
	type HomeGrade
} from './home';
export {
	registerLabProgress,
	listLabProgress,
	type LabProgressEntry,
	type LabProgressSource
} from './labs';
