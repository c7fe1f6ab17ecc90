import { describe, expect, it } from 'vitest';
import { enterAction } from './keys';

const key = (o: Partial<Parameters<typeof enterAction>[0]>) => ({
	key: 'Enter',
	isComposing: false,
	keyCode: 13,
	ctrlKey: false,
	metaKey: false,
	...o
});

describe('Enter in the answer editor', () => {
	it('does nothing of its own while an input method is composing', () => {
		expect(enterAction(key({ isComposing: true, ctrlKey: true }))).toBe('composing');
		// Chrome reports keyCode 229 for the keydown that confirms an IME candidate.
		expect(enterAction(key({ keyCode: 229, metaKey: true }))).toBe('composing');
	});

	it('saves on Ctrl/⌘+Enter and otherwise leaves Enter to the textarea', () => {
		expect(enterAction(key({ ctrlKey: true }))).toBe('save');
		expect(enterAction(key({ metaKey: true }))).toBe('save');
		expect(enterAction(key({}))).toBe('default');
		expect(enterAction(key({ key: 'a', ctrlKey: true }))).toBe('default');
	});
});
