import { CONTENT_LOCALES, type ContentKind, type Problem } from './types';
import { loadContent, type LoadResult } from './load';
import { CONTENT_KINDS } from './kinds';
import type { ModuleData } from './kinds/module-schema';
import { referenceWarnings, type CitedReference } from './references';

/** The module references of one language, for the bibliography checks. */
function citedReferences(
	load: LoadResult,
	locale: (typeof CONTENT_LOCALES)[number]
): CitedReference[] {
	return load.items
		.filter((i) => i.kind.kind === 'module')
		.flatMap((i) => {
			const f = i.files[locale];
			const m = f.data as unknown as ModuleData;
			return m.references.map((r) => ({ ...r, module: m.number, file: f.file }));
		});
}

/**
 * Everything `npm run cases:check` reports: the loader's errors (schema, parity, duplicates) plus
 * warnings across items — links to items that do not exist (for kinds this build knows), and
 * inconsistent reference keys.
 */
export function checkContent(
	root: string,
	kinds: ContentKind[] = CONTENT_KINDS
): { load: LoadResult; problems: Problem[] } {
	const load = loadContent(root, kinds);
	const problems = [...load.problems];
	const known = new Set(kinds.map((k) => k.kind));
	const ids = new Set(load.items.map((i) => `${i.kind.kind}:${i.id}`));
	for (const item of load.items) {
		const base = item.files[CONTENT_LOCALES[0]];
		for (const link of item.kind.links?.(base.data) ?? []) {
			const kind = link.split(':')[0];
			if (known.has(kind) && !ids.has(link)) {
				problems.push({
					level: 'warning',
					file: base.file,
					message: `links to ${link}, which does not exist`
				});
			}
		}
	}
	for (const locale of CONTENT_LOCALES)
		problems.push(...referenceWarnings(citedReferences(load, locale)));
	return { load, problems };
}

/** "cases/x/en.md: keyPoints.2: must not be empty" */
export function formatProblem(p: Problem): string {
	return `${p.file}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}
