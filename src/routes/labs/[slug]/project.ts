import type { Lab } from '$lib/server/labs';

/**
 * What a lab page may send to the browser BEFORE the learner has an attempt: the task, the
 * questions with their units and stated tolerances, the runbook sections — never the reference
 * solutions, the capacity answers or anything of the hidden samples but their number.
 */
export function projectLab(lab: Lab & { html: string }) {
	const meta = lab.meta;
	return {
		id: lab.id,
		slug: lab.slug,
		path: lab.path,
		title: lab.title,
		html: lab.html,
		type: meta.type,
		difficulty: meta.difficulty,
		modules: meta.modules,
		estimatedMinutes: meta.estimatedMinutes,
		attemptLimit: meta.attemptLimit,
		passPercent: meta.passPercent,
		interface: meta.interface
			? {
					maxChars: meta.interface.maxChars,
					starter: meta.interface.starter,
					sampleCount: meta.interface.sampleCount,
					openapi: meta.interface.openapi
						? {
								method: meta.interface.openapi.method.toUpperCase(),
								path: meta.interface.openapi.path,
								status: meta.interface.openapi.status,
								starter: meta.interface.openapi.starter,
								sampleCount: meta.interface.openapi.sampleCount
							}
						: null
				}
			: null,
		capacity: meta.capacity
			? {
					questions: meta.capacity.questions.map((q) =>
						q.kind === 'number'
							? { id: q.id, kind: q.kind, label: q.label, unit: q.unit, tolerance: q.tolerance }
							: { id: q.id, kind: q.kind, label: q.label, unit: '', tolerance: null }
					)
				}
			: null,
		runbook: meta.runbook
			? {
					sections: meta.runbook.sections,
					maxCharsPerSection: meta.runbook.maxCharsPerSection,
					rubric: meta.runbook.rubric.map((c) => ({ id: c.id, title: c.title })),
					maxPoints: meta.runbook.maxPoints
				}
			: null
	};
}
