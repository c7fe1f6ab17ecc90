import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../load';
import { labKind } from '.';

/** The lab kind's checks on real labs copied into a temp folder, then broken one way at a time. */
let root: string;
const LAB = 'interface-schema-ticket-classifier';
beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'casebook-labs-'));
	for (const slug of [LAB, 'capacity-cost-support-assistant', 'runbook-provider-outage']) {
		cpSync(join('cases/labs', slug), join(root, 'labs', slug), { recursive: true });
	}
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const load = () => loadContent(root, [labKind]);
const errors = () =>
	load()
		.problems.filter((p) => p.level === 'error')
		.map((p) => `${p.field ?? ''}: ${p.message}`);
const edit = (file: string, from: string | RegExp, to: string) => {
	const path = join(root, 'labs', file);
	const text = readFileSync(path, 'utf8');
	const next = text.replace(from, to);
	expect(next).not.toBe(text);
	writeFileSync(path, next);
};

describe('lab content', () => {
	it('loads the three kinds of lab, keeping the samples out of the rendered metadata', () => {
		const r = load();
		expect(errors()).toEqual([]);
		expect(r.items.map((i) => i.id).sort()).toEqual([
			'lab-capacity-cost-support-assistant',
			'lab-interface-schema-ticket-classifier',
			'lab-runbook-provider-outage'
		]);
		const lab = r.items.find((i) => i.slug === LAB)!;
		const rendered = labKind.render(lab.files['zh-CN'] as never);
		expect(JSON.stringify(rendered)).not.toContain('模型的推理过程');
		const key = labKind.scoring(lab.files['zh-CN'] as never) as { samples: { schema: unknown[] } };
		expect(key.samples.schema).toHaveLength(15);
	});

	it('refuses a sample the reference schema misjudges, naming it', () => {
		edit(`${LAB}/samples.yaml`, /id: s07\n {4}valid: false/, 'id: s07\n    valid: true');
		expect(errors()).toEqual([
			'interface.solution: the reference schema rejects valid sample "s07" (/confidence must be <= 1)'
		]);
	});

	it('refuses an interface lab without its samples file', () => {
		rmSync(join(root, 'labs', LAB, 'samples.yaml'));
		expect(errors().join('\n')).toMatch(/samples\.yaml: is missing/);
	});

	it('refuses a capacity answer that differs between the languages', () => {
		edit('capacity-cost-support-assistant/en.md', 'answer: 648', 'answer: 650');
		expect(errors().join('\n')).toMatch(/capacity\.key\.5\.answer: differs from zh-CN/);
	});

	it('refuses a runbook that skips one of the six sections', () => {
		edit('runbook-provider-outage/en.md', / {4}- id: communication\n(.*\n){2}/, '');
		expect(errors().join('\n')).toMatch(/runbook\.sections: must be the six sections/);
	});

	it('a change of the hidden samples changes the content hash (and so the version)', () => {
		const before = load().items.find((i) => i.slug === LAB)!.contentHash;
		edit(`${LAB}/samples.yaml`, '类别不在约定的取值之内。', '类别不对。');
		expect(load().items.find((i) => i.slug === LAB)!.contentHash).not.toBe(before);
	});
});
