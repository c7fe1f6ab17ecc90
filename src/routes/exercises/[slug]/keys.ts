/**
 * What Enter does in the answer form: nothing special while an input method (IME) is composing —
 * that Enter confirms a candidate and must never submit or save; Ctrl/⌘+Enter saves the draft;
 * anything else keeps the browser's behaviour (a new line in the answer).
 */
export function enterAction(e: {
	key: string;
	isComposing: boolean;
	keyCode: number;
	ctrlKey: boolean;
	metaKey: boolean;
}): 'composing' | 'save' | 'default' {
	if (e.key !== 'Enter') return 'default';
	// keyCode 229 is what some browsers report for keys an IME handles (Safari ends composition first).
	if (e.isComposing || e.keyCode === 229) return 'composing';
	if (e.ctrlKey || e.metaKey) return 'save';
	return 'default';
}
