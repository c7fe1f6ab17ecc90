// `npm run cases:check [folder]`: validates every content file (schemas, language parity, links,
// references) and exits 1 when any error is found. Warnings are printed but do not fail.
import { checkContent, formatProblem } from '../src/lib/server/content/check';

const root = process.argv[2] ?? process.env.CONTENT_DIR ?? './cases';
const { load, problems } = checkContent(root);
const errors = problems.filter((p) => p.level === 'error');
const warnings = problems.filter((p) => p.level === 'warning');
for (const p of errors) console.error(`error   ${formatProblem(p)}`);
for (const p of warnings) console.warn(`warning ${formatProblem(p)}`);
const byKind = new Map<string, number>();
for (const item of load.items) byKind.set(item.kind.kind, (byKind.get(item.kind.kind) ?? 0) + 1);
const summary = [...byKind].map(([k, n]) => `${n} ${k}`).join(', ') || 'no items';
console.log(
	`cases:check: ${summary} valid; ${errors.length} error(s), ${warnings.length} warning(s)`
);
process.exit(errors.length > 0 ? 1 : 0);
