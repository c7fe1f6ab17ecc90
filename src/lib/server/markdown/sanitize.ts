import sanitizeHtml from 'sanitize-html';

/**
 * The one HTML sanitiser (sanitize-html) behind every rendered Markdown string.
 *
 * - Tags: prose, lists, tables, code, details; no scripts, styles, forms, frames, SVG or MathML.
 * - URLs (href, src, cite): only http, https and mailto, or relative. sanitize-html decodes entities
 *   and drops control characters and whitespace before it reads the scheme, so `jav&#x61;script:`,
 *   `JaVaScRiPt:` and `java\tscript:` are refused like `javascript:`; `data:` is never allowed;
 *   protocol-relative `//host` is refused.
 * - Classes: only the ones our renderer emits (`hljs*`, `language-*`, `mermaid-source`, `heading-anchor`,
 *   `diagram`). No `style` attribute anywhere.
 * - `profile: 'user'` (Q&A posts, answers) additionally drops `id` (no DOM clobbering) and marks links
 *   `rel="nofollow ugc noopener noreferrer"`.
 */
export type SanitizeProfile = 'content' | 'user';

const BASE_TAGS = [
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'p',
	'br',
	'hr',
	'blockquote',
	'ul',
	'ol',
	'li',
	'strong',
	'em',
	'del',
	's',
	'code',
	'pre',
	'kbd',
	'sub',
	'sup',
	'a',
	'img',
	'table',
	'thead',
	'tbody',
	'tr',
	'th',
	'td',
	'details',
	'summary',
	'figure',
	'figcaption',
	'span',
	'input'
];

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

function options(profile: SanitizeProfile): sanitizeHtml.IOptions {
	const headingAttrs = profile === 'content' ? ['id'] : [];
	return {
		allowedTags: BASE_TAGS,
		allowedAttributes: {
			...Object.fromEntries(HEADINGS.map((h) => [h, headingAttrs])),
			a: ['href', 'title', 'aria-hidden', 'tabindex', 'rel'],
			img: ['src', 'alt', 'title', 'width', 'height'],
			th: ['align', 'scope'],
			td: ['align'],
			ol: ['start'],
			pre: ['data-mermaid'],
			input: ['type', 'checked', 'disabled'],
			code: [],
			span: [],
			details: ['open']
		},
		allowedClasses: {
			code: ['hljs', /^language-[a-z0-9+#-]{1,32}$/],
			span: [/^hljs-[a-z_-]{1,40}$/],
			pre: ['mermaid-source'],
			a: ['heading-anchor'],
			figure: ['diagram']
		},
		allowedSchemes: ['http', 'https', 'mailto'],
		allowedSchemesByTag: { img: ['http', 'https'] },
		allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
		allowProtocolRelative: false,
		allowedStyles: {},
		disallowedTagsMode: 'discard',
		enforceHtmlBoundary: false,
		transformTags: {
			// Task-list checkboxes only, and never clickable.
			input: (tagName, attribs) =>
				attribs.type === 'checkbox'
					? {
							tagName,
							attribs: {
								type: 'checkbox',
								disabled: '',
								...(attribs.checked !== undefined ? { checked: '' } : {})
							}
						}
					: { tagName: 'span', attribs: {} },
			a: (tagName, attribs) => {
				const out = { ...attribs };
				if (profile === 'user') out.rel = 'nofollow ugc noopener noreferrer';
				else if (out.rel) delete out.rel;
				return { tagName, attribs: out };
			},
			// A data-mermaid marker only makes sense on our own <pre>; normalise its value.
			pre: (tagName, attribs) => ({
				tagName,
				attribs: 'data-mermaid' in attribs ? { ...attribs, 'data-mermaid': '' } : attribs
			})
		}
	};
}

const PROFILES: Record<SanitizeProfile, sanitizeHtml.IOptions> = {
	content: options('content'),
	user: options('user')
};

/** Sanitised copy of `html` under `profile` (see the module comment for what survives). */
export function sanitize(html: string, profile: SanitizeProfile = 'user'): string {
	return sanitizeHtml(html, PROFILES[profile]);
}
