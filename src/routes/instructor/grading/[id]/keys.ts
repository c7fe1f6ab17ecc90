/** What a key press means in the grading view (null: nothing; typing in a text field is ignored). */
export type GradingKey =
	{ kind: 'next' } | { kind: 'previous' } | { kind: 'level'; index: number } | null;

/**
 * Keyboard shortcuts of the grading view: `j`/`n` next submission, `k`/`p` previous, `1`–`9` the
 * n-th level (lowest first) of the active criterion. Ignored with a modifier or while typing.
 */
export function gradingKey(e: {
	key: string;
	altKey: boolean;
	ctrlKey: boolean;
	metaKey: boolean;
	target: { tagName?: string; type?: string; isContentEditable?: boolean } | null;
}): GradingKey {
	if (e.altKey || e.ctrlKey || e.metaKey) return null;
	const t = e.target;
	const typing =
		t?.isContentEditable ||
		t?.tagName === 'TEXTAREA' ||
		t?.tagName === 'SELECT' ||
		(t?.tagName === 'INPUT' && !['radio', 'checkbox', 'button', 'submit'].includes(t.type ?? ''));
	if (typing) return null;
	if (e.key === 'j' || e.key === 'n') return { kind: 'next' };
	if (e.key === 'k' || e.key === 'p') return { kind: 'previous' };
	if (/^[1-9]$/.test(e.key)) return { kind: 'level', index: Number(e.key) - 1 };
	return null;
}
