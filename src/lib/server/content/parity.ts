import type { ContentKind, ParsedFile, Problem } from './types';
import { codeFencesOf, digitSequencesOf, headingsOf, tableShapesOf } from './structure';

type Difference = { path: string; a: unknown; b: unknown };

/** Paths where two JSON-like values differ ("modules.2", "discussion.0.id"). */
export function differences(a: unknown, b: unknown, path = ''): Difference[] {
	if (Object.is(a, b)) return [];
	const bothObjects = a && b && typeof a === 'object' && typeof b === 'object';
	if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) return [{ path, a, b }];
	if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) {
		return [{ path, a: `${a.length} entries`, b: `${b.length} entries` }];
	}
	const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
	return [...keys].flatMap((k) =>
		differences(
			(a as Record<string, unknown>)[k],
			(b as Record<string, unknown>)[k],
			path ? `${path}.${k}` : k
		)
	);
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function describeHeadings(list: { depth: number }[]): string {
	const counts = new Map<number, number>();
	for (const h of list) counts.set(h.depth, (counts.get(h.depth) ?? 0) + 1);
	return [...counts].map(([d, n]) => `${'#'.repeat(d)}×${n}`).join(', ') || 'none';
}

/**
 * Checks that `other` says the same thing as `base` structurally: same id, same parity fields
 * (the kind's), same headings (count and level, in order), same table shapes, same code blocks,
 * and the same digit sequences as a multiset. Problems are reported against `other`.
 */
export function parityProblems(
	kind: ContentKind,
	base: ParsedFile<{ id: string }>,
	other: ParsedFile<{ id: string }>
): Problem[] {
	const problems: Problem[] = [];
	const add = (message: string, field?: string) =>
		problems.push({ level: 'error', file: other.file, field, message });
	const a = base.locale;
	const b = other.locale;

	if (base.data.id !== other.data.id) {
		add(`id is "${other.data.id}" but ${a} has "${base.data.id}"`, 'id');
	}
	for (const d of differences(kind.parity(base.data), kind.parity(other.data)).slice(0, 5)) {
		add(`differs from ${a}: ${a} has ${show(d.a)}, ${b} has ${show(d.b)}`, d.path || undefined);
	}

	const ha = headingsOf(base.body);
	const hb = headingsOf(other.body);
	if (ha.length !== hb.length) {
		add(
			`has ${hb.length} headings (${describeHeadings(hb)}) but ${a} has ${ha.length} (${describeHeadings(ha)})`,
			'body'
		);
	} else {
		const i = ha.findIndex((h, k) => h.depth !== hb[k].depth);
		if (i >= 0) {
			add(
				`heading ${i + 1} ("${hb[i].text}") is level ${hb[i].depth} but in ${a} ("${ha[i].text}") it is level ${ha[i].depth}`,
				'body'
			);
		}
	}

	const ta = tableShapesOf(base.body).join(', ');
	const tb = tableShapesOf(other.body).join(', ');
	if (ta !== tb) {
		add(`tables (rows×columns) are [${tb || 'none'}] but ${a} has [${ta || 'none'}]`, 'body');
	}

	const ca = codeFencesOf(base.body).join(', ');
	const cb = codeFencesOf(other.body).join(', ');
	if (ca !== cb) add(`code blocks are [${cb || 'none'}] but ${a} has [${ca || 'none'}]`, 'body');

	const na = digitSequencesOf(base.raw);
	const nb = digitSequencesOf(other.raw);
	const diffs: string[] = [];
	for (const n of new Set([...na.keys(), ...nb.keys()])) {
		const x = na.get(n) ?? 0;
		const y = nb.get(n) ?? 0;
		if (x !== y) diffs.push(`"${n}" ${x}× in ${a}, ${y}× in ${b}`);
	}
	if (diffs.length > 0) {
		const more = diffs.length > 8 ? ` (and ${diffs.length - 8} more)` : '';
		add(
			`numbers differ (write numbers as digits in both languages): ${diffs.slice(0, 8).join('; ')}${more}`
		);
	}
	return problems;
}
