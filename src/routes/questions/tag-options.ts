import type { Db } from '$lib/server/db';
import type { Locale } from '$lib/server/db/schema';
import { listModules } from '$lib/server/content/modules';
import { listAllCases } from '$lib/server/content/cases';

/** The module and case choices of the ask and edit forms (values are tags). */
export function tagOptions(db: Db, locale: Locale) {
	return {
		modules: listModules(db, locale).map((m) => ({
			value: `module:${m.number}`,
			number: m.number,
			label: m.title
		})),
		cases: listAllCases(db, locale).map((c) => ({ value: `case:${c.id}`, label: c.title }))
	};
}

/** A thread's tags as the form shows them: the first module tag, the first case tag, the rest. */
export function tagsToForm(
	tags: string[],
	options: ReturnType<typeof tagOptions>
): { module: string; case: string; tags: string } {
	const module = tags.find((t) => options.modules.some((o) => o.value === t)) ?? '';
	const kase = tags.find((t) => options.cases.some((o) => o.value === t)) ?? '';
	// case:X is implied by case:X:dN, so it is not repeated in the box.
	const rest = tags.filter(
		(t) => t !== module && t !== kase && !tags.some((o) => o !== t && o.startsWith(`${t}:`))
	);
	return { module, case: kase, tags: rest.join(' ') };
}
