import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Db } from '../db';
import type { Locale, User } from '../db/schema';
import { log } from '../log';
import { m } from '../../paraglide/messages';
import { formatDateTime } from '../../format';

/**
 * "Download my data": a zip of Markdown (to read) and JSON (to re-use) of everything a user owns.
 * Each kind of data is an export source registered by the module that owns it, so a new feature
 * adds its data with one call — e.g. in startup.ts:
 * `registerExportSource('submissions', (db, user, ctx) => ({ title, json, markdown, files }))`.
 */

/** What a source knows about the reader of the export. */
export type ExportContext = {
	/** Language of the Markdown: the page's language when the user asked for the export. */
	locale: Locale;
	/** IANA zone for dates in the Markdown (JSON dates are ISO 8601 UTC). */
	timeZone: string;
	/** When the export was made. */
	now: Date;
};

/** One source's share of the export. */
export type ExportPart = {
	/** Heading of this part in the export's README, in `ctx.locale`. */
	title: string;
	/** Written as `<name>.json` (pretty-printed). Use ISO strings for dates. */
	json: unknown;
	/** Written as `<name>.md`. */
	markdown: string;
	/** Extra files written under `<name>/`, e.g. one Markdown file per submission. */
	files?: Record<string, string | Uint8Array>;
};

/** Returns the user's data of one kind, or null when there is none worth a file. */
export type ExportSource = (db: Db, user: User, ctx: ExportContext) => ExportPart | null;

const sources = new Map<string, ExportSource>();

/** Names become file names: lower case letters, digits and dashes. */
const SOURCE_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Adds a kind of data to every export under `name` (a file-name-safe id such as "submissions").
 * Registering a name again replaces its source. Parts appear in registration order.
 * @throws Error when `name` is not lower-case letters, digits and dashes, or is "README".
 */
export function registerExportSource(name: string, source: ExportSource): void {
	if (!SOURCE_NAME.test(name)) throw new Error(`export source name "${name}" is not file-safe`);
	sources.set(name, source);
}

/** The registered source names, in order (for tests and the account page's description). */
export function listExportSources(): string[] {
	return [...sources.keys()];
}

/** ISO date of `now` in `timeZone` ("2026-01-05"), for the file name. */
function isoDay(now: Date, timeZone: string): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(now);
}

/** The download's file name, e.g. "casebook-export-2026-01-05.zip". */
export function exportFileName(now: Date, timeZone: string): string {
	return `casebook-export-${isoDay(now, timeZone)}.zip`;
}

/**
 * Builds the zip for `user`: a folder `casebook-export-<date>/` holding README.md (what is inside,
 * in `locale`), then `<name>.json` + `<name>.md` (+ `<name>/…`) per source with data. Dates in the
 * Markdown are in the user's time zone. A source that throws is logged and named in the README as
 * missing rather than failing the export.
 * @returns the zip bytes.
 */
export function buildExport(db: Db, user: User, opts: { locale: Locale; now?: Date }): Uint8Array {
	const now = opts.now ?? new Date();
	const ctx: ExportContext = { locale: opts.locale, timeZone: user.timeZone, now };
	const root = `casebook-export-${isoDay(now, user.timeZone)}`;
	const files: Zippable = {};
	const index: string[] = [];
	const failed: string[] = [];
	for (const [name, source] of sources) {
		let part: ExportPart | null;
		try {
			part = source(db, user, ctx);
		} catch (err) {
			log.error({ err, source: name, userId: user.id }, 'export source failed');
			failed.push(name);
			continue;
		}
		if (!part) continue;
		files[`${root}/${name}.json`] = strToU8(JSON.stringify(part.json, null, 2) + '\n');
		files[`${root}/${name}.md`] = strToU8(part.markdown.trimEnd() + '\n');
		for (const [file, content] of Object.entries(part.files ?? {})) {
			files[`${root}/${name}/${safeFileName(file)}`] =
				typeof content === 'string' ? strToU8(content) : content;
		}
		index.push(`- [${part.title}](${name}.md) · [JSON](${name}.json)`);
	}
	const opt = { locale: ctx.locale };
	const readme = [
		`# ${m.ops_export_readme_title({}, opt)}`,
		'',
		m.ops_export_readme_intro(
			{ name: md(user.displayName), time: formatDateTime(now, ctx.locale, ctx.timeZone) },
			opt
		),
		'',
		...index,
		...(failed.length > 0
			? ['', m.ops_export_readme_failed({ parts: failed.join(', ') }, opt)]
			: []),
		'',
		m.ops_export_readme_formats({}, opt),
		''
	].join('\n');
	files[`${root}/README.md`] = strToU8(readme);
	return zipSync(files, { level: 6, mtime: now });
}

/**
 * The name a source's extra file gets in the zip: letters, digits, ".", "_" and "-" kept, any other
 * run of characters (slashes included) becomes "-", and it starts with a letter or digit. Use it
 * when linking to the file from the source's Markdown.
 */
export function safeFileName(name: string): string {
	return name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[^\p{L}\p{N}]+/u, '');
}

/**
 * Escapes text for inline Markdown and table cells: backslash-escapes emphasis, code, link and
 * table punctuation and HTML angle brackets, and turns line breaks into spaces. Sources use it for
 * every user-written value.
 */
export function md(text: string | null | undefined): string {
	return (text ?? '').replace(/[\\`*_[\]|<>~]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** A Markdown table from a header row and body rows (cells escaped with {@link md}). */
export function mdTable(header: string[], rows: Array<Array<string | number | null>>): string {
	const line = (cells: Array<string | number | null>) =>
		`| ${cells.map((c) => md(c === null ? '—' : String(c))).join(' | ')} |`;
	return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}
