/**
 * The one Markdown renderer (marked → highlight.js → sanitize-html). Course content is rendered at
 * sync time with `renderDocument(md, { headingIds: true })`; user content with `renderMarkdown(md)`.
 * Mermaid fences become `<pre class="mermaid-source" data-mermaid>` blocks that the browser renders
 * (`$lib/mermaid.ts`); without JavaScript their source stays readable.
 */
export {
	renderDocument,
	renderMarkdown,
	renderInline,
	markdownToText,
	mermaidBlock,
	stripMermaidDirectives,
	type Heading,
	type RenderedDocument,
	type RenderOptions
} from './render';
export { sanitize, type SanitizeProfile } from './sanitize';
export { escapeHtml } from './highlight';
