import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
	CONTENT_LOCALES,
	type ContentKind,
	type ContentLocale,
	type LoadedItem,
	type ParsedFile,
	type Problem
} from './types';
import { FrontMatterError, parseYaml, splitFrontMatter } from './front-matter';
import { headingsOf } from './structure';
import { parityProblems } from './parity';
import { CONTENT_KINDS } from './kinds';

/**
 * Bump when the renderer's output, a kind's metadata shape or the search tokeniser
 * (src/lib/server/search/tokenize.ts) changes: every item's content hash
 * changes with it, so the next start re-renders everything once.
 */
export const CONTENT_FORMAT_VERSION = 1;

export type LoadResult = {
	/** Items that passed every check, in kind order then folder order. */
	items: LoadedItem[];
	problems: Problem[];
	/** Item folders (relative to the root, "case-studies/x") that exist but failed a check. */
	brokenDirs: Set<string>;
	/** False when the content root itself is missing (nothing may be archived then). */
	rootExists: boolean;
};

/** A zod issue in words an author understands ("is required" rather than "received undefined"). */
function describeIssue(issue: { code: string; message: string }): string {
	if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message))
		return 'is required';
	return issue.message;
}

type FolderResult = {
	files?: Record<ContentLocale, ParsedFile<{ id: string }>>;
	problems: Problem[];
};

function parseFile(
	kind: ContentKind,
	path: string,
	shown: string,
	locale: ContentLocale,
	extras: Record<string, string> = {}
): { file?: ParsedFile<{ id: string }>; problems: Problem[] } {
	const problems: Problem[] = [];
	const err = (message: string, field?: string) =>
		problems.push({ level: 'error', file: shown, field, message });
	const raw = readFileSync(path, 'utf8');
	let data: unknown;
	let body = '';
	try {
		if (kind.format === 'md') ({ data, body } = splitFrontMatter(raw));
		else data = parseYaml(raw);
	} catch (e) {
		if (e instanceof FrontMatterError) {
			err(e.message);
			return { problems };
		}
		throw e;
	}
	const parsed = kind.schema.safeParse(data ?? {});
	if (!parsed.success) {
		for (const issue of parsed.error.issues)
			err(describeIssue(issue), issue.path.join('.') || undefined);
		return { problems };
	}
	const file: ParsedFile<{ id: string }> = {
		file: shown,
		locale,
		raw,
		data: parsed.data,
		body,
		extras
	};
	if (kind.format === 'md') {
		const h1 = headingsOf(body).find((h) => h.depth === 1);
		if (h1)
			err(
				`uses a level-1 heading ("# ${h1.text}"); start sections at ## (the title comes from the front matter)`,
				'body'
			);
	}
	for (const p of kind.check?.(file) ?? []) err(p.message, p.field);
	return { file: problems.length ? undefined : file, problems };
}

function loadFolder(kind: ContentKind, dir: string, shownDir: string): FolderResult {
	const problems: Problem[] = [];
	const files: Partial<Record<ContentLocale, ParsedFile<{ id: string }>>> = {};
	const ext = kind.format;
	const extras: Record<string, string> = {};
	for (const name of kind.extraFiles ?? []) {
		const path = join(dir, name);
		if (existsSync(path)) extras[name] = readFileSync(path, 'utf8');
	}
	for (const locale of CONTENT_LOCALES) {
		const name = `${locale}.${ext}`;
		const path = join(dir, name);
		if (!existsSync(path)) {
			problems.push({
				level: 'error',
				file: `${shownDir}/${name}`,
				message: `is missing: every item needs ${CONTENT_LOCALES.map((l) => `${l}.${ext}`).join(' and ')}`
			});
			continue;
		}
		const r = parseFile(kind, path, `${shownDir}/${name}`, locale, extras);
		problems.push(...r.problems);
		if (r.file) files[locale] = r.file;
	}
	for (const entry of readdirSync(dir)) {
		const known =
			CONTENT_LOCALES.some((l) => entry === `${l}.${ext}`) || kind.extraFiles?.includes(entry);
		if (!entry.startsWith('.') && !known) {
			problems.push({
				level: 'warning',
				file: `${shownDir}/${entry}`,
				message: `is ignored (expected only ${CONTENT_LOCALES.map((l) => `${l}.${ext}`).join(', ')})`
			});
		}
	}
	const complete = CONTENT_LOCALES.every((l) => files[l]);
	if (complete) {
		const base = files[CONTENT_LOCALES[0]]!;
		for (const l of CONTENT_LOCALES.slice(1))
			problems.push(...parityProblems(kind, base, files[l]!));
	}
	const ok = complete && !problems.some((p) => p.level === 'error');
	return {
		files: ok ? (files as Record<ContentLocale, ParsedFile<{ id: string }>>) : undefined,
		problems
	};
}

function hashOf(
	kind: ContentKind,
	files: Record<ContentLocale, ParsedFile<{ id: string }>>
): string {
	const h = createHash('sha256').update(
		`casebook-content/${CONTENT_FORMAT_VERSION}\0${kind.kind}\0`
	);
	for (const l of CONTENT_LOCALES) h.update(`${l}\0${files[l].raw}\0`);
	// Extra files (a lab's hidden samples) change what the item does: they are part of its hash.
	for (const [name, text] of Object.entries(files[CONTENT_LOCALES[0]].extras ?? {}).sort())
		h.update(`${name}\0${text}\0`);
	return h.digest('hex');
}

/**
 * Reads every item of every kind under `root` (normally `cases/`), validates each language file
 * against its kind's schema and checks, compares the languages, and refuses duplicate ids or slugs.
 * Pure reading: nothing is written. A folder with any error is left out of `items` and listed in
 * `brokenDirs`; problems name the file (as "cases/…") and the field.
 */
export function loadContent(root: string, kinds: ContentKind[] = CONTENT_KINDS): LoadResult {
	const shownRoot = basename(resolve(root));
	const result: LoadResult = {
		items: [],
		problems: [],
		brokenDirs: new Set(),
		rootExists: existsSync(root)
	};
	if (!result.rootExists) {
		result.problems.push({
			level: 'error',
			file: root,
			message: 'the content folder does not exist (CONTENT_DIR)'
		});
		return result;
	}
	for (const kind of kinds) {
		const kindDir = join(root, kind.folder);
		if (!existsSync(kindDir)) continue;
		for (const folder of readdirSync(kindDir).sort()) {
			const dir = join(kindDir, folder);
			if (folder.startsWith('.') || !statSync(dir).isDirectory()) continue;
			const sourceDir = `${kind.folder}/${folder}`;
			const r = loadFolder(kind, dir, `${shownRoot}/${sourceDir}`);
			result.problems.push(...r.problems);
			if (!r.files) {
				result.brokenDirs.add(sourceDir);
				continue;
			}
			const base = r.files[CONTENT_LOCALES[0]];
			result.items.push({
				kind,
				id: base.data.id,
				slug: kind.slug(folder),
				sourceDir,
				contentHash: hashOf(kind, r.files),
				files: r.files
			});
		}
	}
	rejectDuplicates(result, (i) => i.id, 'id');
	rejectDuplicates(result, (i) => `${i.kind.kind}/${i.slug}`, 'slug');
	return result;
}

/** Items sharing a key (id, or slug within a kind) are all refused: which one is meant is unknowable. */
function rejectDuplicates(
	result: LoadResult,
	keyOf: (i: LoadedItem) => string,
	what: 'id' | 'slug'
) {
	const groups = new Map<string, LoadedItem[]>();
	for (const item of result.items)
		groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
	const refused = new Set<LoadedItem>();
	for (const [key, items] of groups) {
		if (items.length < 2) continue;
		for (const item of items) {
			refused.add(item);
			result.brokenDirs.add(item.sourceDir);
			const others = items
				.filter((o) => o !== item)
				.map((o) => o.sourceDir)
				.join(', ');
			result.problems.push({
				level: 'error',
				file: item.files[CONTENT_LOCALES[0]].file,
				field: what === 'id' ? 'id' : undefined,
				message:
					what === 'id'
						? `id "${key}" is also used by ${others}`
						: `slug "${key.split('/')[1]}" (from the folder name) is also used by ${others}`
			});
		}
	}
	result.items = result.items.filter((i) => !refused.has(i));
}
