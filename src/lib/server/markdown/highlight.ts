import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import http from 'highlight.js/lib/languages/http';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

// Only the languages the course uses; each one costs bundle size and start-up time.
const LANGUAGES = {
	bash,
	dockerfile,
	go,
	http,
	ini,
	java,
	javascript,
	json,
	plaintext,
	python,
	shell,
	sql,
	typescript,
	xml,
	yaml
};
for (const [name, lang] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, lang);

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/** A fence's info string ("JSON {.x}") reduced to a safe language name ("json"), or "". */
export function languageOf(info: string | undefined): string {
	const first = (info ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
	return /^[a-z0-9+#-]{1,32}$/.test(first) ? first : '';
}

/**
 * Highlights `code` as `language` with highlight.js (class-based `hljs-*` spans, text escaped).
 * Unknown languages are returned escaped, not auto-detected (detection is slow and often wrong).
 */
export function highlightCode(code: string, language: string): string {
	if (language && hljs.getLanguage(language)) {
		return hljs.highlight(code, { language, ignoreIllegals: true }).value;
	}
	return escapeHtml(code);
}
