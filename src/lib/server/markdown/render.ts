import GithubSlugger from 'github-slugger';
import { Marked, type Token, type Tokens } from 'marked';
import { escapeHtml, highlightCode, languageOf } from './highlight';
import { sanitize, type SanitizeProfile } from './sanitize';

/** A heading of a rendered document, for a table of contents. `id` is its anchor. */
export type Heading = { depth: number; text: string; id: string };

export type RenderedDocument = {
	/** Sanitised HTML. */
	html: string;
	/** Headings in document order (empty unless `headingIds`). */
	headings: Heading[];
	/** True when the document holds at least one Mermaid diagram (the page then loads mermaid). */
	hasMermaid: boolean;
};

export type RenderOptions = {
	/** Give headings ids and anchor links (course content); off for user content. */
	headingIds?: boolean;
	profile?: SanitizeProfile;
};

/**
 * Mermaid source with configuration directives (`%%{init: …}%%`) and front-matter config blocks
 * removed: they are how a diagram would try to change `securityLevel`, themes or callbacks. The
 * browser also renders with `securityLevel: 'strict'`; this is the second lock.
 */
export function stripMermaidDirectives(source: string): string {
	return source
		.replace(/^\s*---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/, '')
		.replace(/%%\{[\s\S]*?\}%%/g, '')
		.replace(/^\s*\n/, '');
}

/** The HTML of one Mermaid block: its escaped source, which the browser replaces by the diagram. */
export function mermaidBlock(source: string): string {
	return `<figure class="diagram"><pre class="mermaid-source" data-mermaid=""><code>${escapeHtml(
		stripMermaidDirectives(source).trimEnd()
	)}</code></pre></figure>`;
}

function createMarked(opts: RenderOptions, state: { headings: Heading[]; hasMermaid: boolean }) {
	const slugger = new GithubSlugger();
	return new Marked({
		gfm: true,
		breaks: false,
		renderer: {
			code({ text, lang }: Tokens.Code) {
				const language = languageOf(lang);
				if (language === 'mermaid') {
					state.hasMermaid = true;
					return mermaidBlock(text) + '\n';
				}
				const cls = language ? `hljs language-${language}` : 'hljs';
				return `<pre><code class="${cls}">${highlightCode(text.replace(/\n$/, ''), language)}</code></pre>\n`;
			},
			heading({ tokens, depth }: Tokens.Heading) {
				const inner = this.parser.parseInline(tokens);
				if (!opts.headingIds) return `<h${depth}>${inner}</h${depth}>\n`;
				const text = this.parser.parseInline(tokens, this.parser.textRenderer).trim();
				const id =
					slugger.slug(decodeBasicEntities(text)) || `section-${state.headings.length + 1}`;
				state.headings.push({ depth, text: decodeBasicEntities(text), id });
				return `<h${depth} id="${escapeHtml(id)}">${inner}<a class="heading-anchor" href="#${escapeHtml(
					id
				)}" aria-hidden="true" tabindex="-1">#</a></h${depth}>\n`;
			}
		}
	});
}

/** Undoes the five entities marked's text renderer produces. */
function decodeBasicEntities(text: string): string {
	return text
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');
}

/**
 * Renders a Markdown document (GFM: tables, task lists, strikethrough, autolinks) to sanitised HTML.
 * Fenced code is highlighted (highlight.js); ```mermaid fences become diagram blocks. With
 * `headingIds`, headings get GitHub-style ids (CJK kept) and a `#` anchor link.
 */
export function renderDocument(markdown: string, opts: RenderOptions = {}): RenderedDocument {
	const state = { headings: [] as Heading[], hasMermaid: false };
	const raw = createMarked(opts, state).parse(markdown, { async: false });
	return {
		html: sanitize(raw, opts.profile ?? (opts.headingIds ? 'content' : 'user')),
		headings: state.headings,
		hasMermaid: state.hasMermaid
	};
}

/**
 * Renders user-written Markdown (Q&A posts, answers, comments, exercise answers) to safe HTML:
 * the same renderer as course content, with the `user` sanitiser profile (no ids, rel=nofollow ugc).
 */
export function renderMarkdown(markdown: string): string {
	return renderDocument(markdown, { profile: 'user' }).html;
}

/** Renders one line of Markdown (a key point, a table cell, a caption) without a wrapping `<p>`. */
export function renderInline(markdown: string, profile: SanitizeProfile = 'content'): string {
	const raw = new Marked({ gfm: true }).parseInline(markdown, { async: false });
	return sanitize(raw, profile);
}

const BLOCK = new Set([
	'paragraph',
	'heading',
	'blockquote',
	'list_item',
	'code',
	'table',
	'hr',
	'space',
	'html'
]);

function textOfTokens(tokens: Token[]): string {
	let out = '';
	for (const t of tokens) {
		let piece: string;
		if (t.type === 'code') piece = languageOf(t.lang) === 'mermaid' ? '' : t.text;
		else if (t.type === 'table') {
			const table = t as Tokens.Table;
			piece = [table.header, ...table.rows]
				.map((row) => row.map((c) => textOfTokens(c.tokens)).join(' '))
				.join('\n');
		} else if (t.type === 'list')
			piece = (t as Tokens.List).items.map((i) => textOfTokens(i.tokens)).join('\n');
		else if (t.type === 'html') piece = t.text.replace(/<[^>]*>/g, ' ');
		else if (t.type === 'br') piece = '\n';
		else if (t.type === 'image') piece = t.text;
		else if ('tokens' in t && Array.isArray(t.tokens)) piece = textOfTokens(t.tokens);
		else piece = 'text' in t && typeof t.text === 'string' ? t.text : '';
		out += BLOCK.has(t.type) ? `${piece}\n` : piece;
	}
	return out;
}

/**
 * The readable text of a Markdown document (for search and reading time): inline formatting removed
 * without splitting words ("**熔断**器" stays "熔断器"), blocks on their own lines, Mermaid sources left
 * out, runs of blank lines collapsed.
 */
export function markdownToText(markdown: string): string {
	const tokens = new Marked({ gfm: true }).lexer(markdown);
	return textOfTokens(tokens)
		.replace(/[ \t]+\n/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}
