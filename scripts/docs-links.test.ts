import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

/** The repository's Markdown documents: the README, the guides in docs/, the content guide. */
const DOCS = [
	'README.md',
	'cases/README.md',
	...readdirSync(join(ROOT, 'docs'))
		.filter((f) => f.endsWith('.md'))
		.map((f) => `docs/${f}`)
];

/** Relative link targets of a Markdown text (`[text](target)`), without anchors and web links. */
function relativeTargets(markdown: string): string[] {
	return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
		.map((m) => m[1].split('#')[0])
		.filter((t) => t && !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

describe('documentation links', () => {
	it.each(DOCS)('%s links only to files inside the repository', (doc) => {
		const text = readFileSync(join(ROOT, doc), 'utf8');
		const outside = relativeTargets(text).filter((t) =>
			relative(ROOT, resolve(ROOT, dirname(doc), t)).startsWith('..')
		);
		expect(outside).toEqual([]);
	});
});
