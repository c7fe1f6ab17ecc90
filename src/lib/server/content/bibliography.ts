import type { Db } from '../db';
import type { Locale } from '../db/schema';
import { listItems } from './items';
import type { ModuleMeta } from './kinds/module';
import { buildBibliography, type BibliographyEntry } from './references';

export type BibliographyRow = BibliographyEntry & {
	textHtml: string;
	/** The citing modules with their page paths. */
	citedBy: Array<{ number: number; path: string }>;
};

/**
 * The course bibliography (module 11, /references) in `locale`: every live module's references,
 * de-duplicated by key and by normalised text, sorted by text.
 */
export function getBibliography(db: Db, locale: Locale): BibliographyRow[] {
	const modules = listItems(db, 'module', locale);
	const pathOf = new Map(modules.map((m) => [(m.metadata as ModuleMeta).number, m.path]));
	const cited = modules.flatMap((m) => {
		const meta = m.metadata as ModuleMeta;
		return meta.references.map((r) => ({
			key: r.key,
			text: r.text,
			url: r.url,
			module: meta.number
		}));
	});
	// The HTML of each work is the one rendered at sync time for its first citing module.
	const htmlOf = new Map(
		modules.flatMap((m) => {
			const meta = m.metadata as ModuleMeta;
			return meta.references.map((r) => [`${meta.number}/${r.key}`, r.textHtml] as const);
		})
	);
	return buildBibliography(cited, locale).map((e) => ({
		...e,
		textHtml: htmlOf.get(`${e.modules[0]}/${e.key}`) ?? '',
		citedBy: e.modules.map((n) => ({ number: n, path: pathOf.get(n) ?? '/modules' }))
	}));
}
