import type { Mermaid } from 'mermaid';

/**
 * Renders the Mermaid blocks (`pre[data-mermaid]`, made by the server's Markdown renderer) inside
 * `root`. mermaid itself is imported on first use only, so pages without a diagram never load it.
 * `securityLevel: 'strict'`: labels are sanitised (DOMPurify), click handlers and scripts are off;
 * `secure` keeps diagrams from changing these settings through directives. The source stays in the
 * page (hidden once the diagram is shown, visible if rendering fails or JavaScript is off).
 */
let loading: Promise<Mermaid> | undefined;
let counter = 0;

function load(): Promise<Mermaid> {
	loading ??= import('mermaid').then(({ default: mermaid }) => {
		mermaid.initialize({
			startOnLoad: false,
			securityLevel: 'strict',
			secure: ['secure', 'securityLevel', 'startOnLoad', 'maxTextSize', 'htmlLabels', 'theme'],
			theme: 'neutral',
			suppressErrorRendering: true,
			fontFamily: 'ui-sans-serif, system-ui, sans-serif'
		});
		return mermaid;
	});
	return loading;
}

export async function renderDiagrams(root: HTMLElement): Promise<void> {
	const blocks = [...root.querySelectorAll<HTMLPreElement>('pre[data-mermaid]')].filter(
		(pre) => !pre.dataset.state
	);
	if (blocks.length === 0) return;
	for (const pre of blocks) pre.dataset.state = 'pending';
	const mermaid = await load();
	for (const pre of blocks) {
		try {
			const { svg } = await mermaid.render(`mermaid-diagram-${++counter}`, pre.textContent ?? '');
			const diagram = document.createElement('div');
			diagram.className = 'mermaid-diagram';
			diagram.dataset.testid = 'diagram';
			// The SVG comes from mermaid in strict mode, which sanitises it with DOMPurify.
			diagram.innerHTML = svg;
			// Wide diagrams keep a readable size on phones and scroll sideways instead of shrinking.
			const el = diagram.querySelector('svg');
			const natural = Number.parseFloat(el?.style.maxWidth ?? '');
			if (el && natural > 0) el.style.minWidth = `${Math.min(natural, 640)}px`;
			pre.before(diagram);
			pre.hidden = true;
			pre.dataset.state = 'rendered';
		} catch {
			pre.dataset.state = 'failed';
		}
	}
}
