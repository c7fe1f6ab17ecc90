import { m } from '$lib/paraglide/messages';
import type { QueueState } from '$lib/server/grading/queue';

const LABELS: Record<QueueState, () => string> = {
	awaiting: m.grading_state_awaiting,
	ai: m.grading_state_ai,
	offline: m.grading_state_offline,
	unverified: m.grading_state_unverified,
	late: m.grading_state_late,
	regrade: m.grading_state_regrade,
	released: m.grading_state_released,
	all: m.grading_state_all
};

/** The localised name of a queue state. */
export const stateLabel = (s: QueueState): string => LABELS[s]();
