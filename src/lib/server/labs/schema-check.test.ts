import { describe, expect, it } from 'vitest';
import { checkSchemaText, parseJsonText, type CheckSample } from './schema-check';

const samples: CheckSample[] = [
	{ id: 's01', valid: true, payload: { priority: 'P1', confidence: 0.5 } },
	{ id: 's02', valid: true, payload: { priority: 'P4', confidence: 1 } },
	{ id: 's03', valid: false, payload: { priority: 'P5', confidence: 0.5 } },
	{ id: 's04', valid: false, payload: { priority: 'P1', confidence: 1.5 } },
	{
		id: 's05',
		valid: false,
		payload: { priority: 'P1', confidence: 0.5, secret: 'HIDDEN-PAYLOAD-VALUE' }
	}
];
const opts = { maxChars: 20_000, timeoutMs: 5_000 };

const right = JSON.stringify({
	$schema: 'https://json-schema.org/draft/2020-12/schema',
	type: 'object',
	properties: {
		priority: { enum: ['P1', 'P2', 'P3', 'P4'] },
		confidence: { type: 'number', minimum: 0, maximum: 1 }
	},
	required: ['priority', 'confidence'],
	additionalProperties: false
});

describe('checkSchemaText', () => {
	it('judges every sample right for a correct schema', async () => {
		const r = await checkSchemaText(right, samples, opts);
		expect(r.ok && r.correct).toBe(5);
		expect(r.ok && r.samples.every((s) => s.correct)).toBe(true);
	});

	it('names each misjudged sample, with the reason for a rejected valid one, never its payload', async () => {
		const wrong = JSON.stringify({
			type: 'object',
			properties: {
				priority: { enum: ['P1', 'P2', 'P3'] },
				confidence: { type: 'number', minimum: 0, maximum: 1 }
			}
		});
		const r = await checkSchemaText(wrong, samples, opts);
		if (!r.ok) throw new Error('expected a result');
		const misjudged = r.samples.filter((s) => !s.correct);
		expect(misjudged.map((s) => [s.id, s.valid, s.accepted])).toEqual([
			['s02', true, false],
			['s05', false, true]
		]);
		expect(misjudged[0].errors[0]).toMatchObject({ path: '/priority', keyword: 'enum' });
		expect(JSON.stringify(r)).not.toContain('HIDDEN-PAYLOAD-VALUE');
	});

	it('is exact at the boundaries: an exclusive maximum rejects a valid confidence of 1', async () => {
		const near = right.replace('"maximum":1', '"exclusiveMaximum":1');
		const r = await checkSchemaText(near, samples, opts);
		expect(r.ok && r.samples.find((s) => s.id === 's02')).toMatchObject({ correct: false });
	});

	it('refuses text that is not JSON with the line and column of the error', async () => {
		const r = await checkSchemaText(
			'{\n  "type": "object",\n  "properties": {,}\n}',
			samples,
			opts
		);
		expect(r).toMatchObject({ ok: false, problem: { code: 'not_json', line: 3, column: 18 } });
	});

	it('refuses empty, huge and deeply nested text before compiling', async () => {
		expect(await checkSchemaText('  ', samples, opts)).toMatchObject({
			problem: { code: 'empty' }
		});
		const huge = JSON.stringify({ description: 'x'.repeat(30_000) });
		expect(await checkSchemaText(huge, samples, opts)).toMatchObject({
			problem: { code: 'too_long', limit: 20_000 }
		});
		const deep = '{"not":'.repeat(40) + '{}' + '}'.repeat(40);
		expect(await checkSchemaText(deep, samples, opts)).toMatchObject({
			problem: { code: 'too_deep', limit: 32 }
		});
	});

	it('refuses JSON that is not a schema, pointing at the bad keyword value', async () => {
		const r = await checkSchemaText('{"type": "integr"}', samples, opts);
		expect(r).toMatchObject({ ok: false, problem: { code: 'not_schema' } });
		const arr = await checkSchemaText('[1, 2]', samples, opts);
		expect(arr).toMatchObject({ ok: false, problem: { code: 'not_schema' } });
	});

	it('reports a misspelt keyword (strict mode) and a $ref it cannot resolve, without fetching', async () => {
		const typo = await checkSchemaText('{"type":"object","requried":["a"]}', samples, opts);
		expect(typo).toMatchObject({ ok: false, problem: { code: 'compile' } });
		expect(!typo.ok && typo.problem.code === 'compile' && typo.problem.message).toMatch(/requried/);
		const remote = await checkSchemaText('{"$ref":"https://example.com/x.json"}', samples, opts);
		expect(remote).toMatchObject({ ok: false, problem: { code: 'compile' } });
	});

	it('stops a catastrophic regular expression after the time limit', async () => {
		const evil = JSON.stringify({ type: 'string', pattern: '^(a+)+$' });
		const r = await checkSchemaText(
			evil,
			[{ id: 'x', valid: true, payload: 'a'.repeat(40) + '!' }],
			{ maxChars: 20_000, timeoutMs: 500 }
		);
		expect(r).toMatchObject({ ok: false, problem: { code: 'too_slow', limitMs: 500 } });
	});
});

describe('parseJsonText', () => {
	it('parses JSON', () => {
		expect(parseJsonText('{"a": [1]}')).toEqual({ ok: true, value: { a: [1] } });
	});
	it('refuses a trailing comma and a comment', () => {
		expect(parseJsonText('{"a": 1,}')).toMatchObject({ ok: false });
		expect(parseJsonText('// x\n{}')).toMatchObject({ ok: false, problem: { line: 1 } });
	});
});

describe('what strict mode allows', () => {
	it('accepts `required` without `properties` (valid JSON Schema, judged by the samples)', async () => {
		const r = await checkSchemaText('{"type":"object","required":["priority"]}', samples, opts);
		expect(r).toMatchObject({ ok: true, correct: 2 });
	});
});
