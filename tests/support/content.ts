import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A small, valid content folder (`cases/`) in a temp dir: one module page and one case study in
 * both languages. Tests break one thing at a time with `edit` and check the message.
 */
export const MODULE_DIR = 'modules/03-interfaces';
export const CASE_DIR = 'case-studies/bank-demo';

const moduleFile = (lang: 'zh-CN' | 'en') => {
	const zh = lang === 'zh-CN';
	return `---
id: module-03
number: 3
title: ${zh ? '接口设计与数据交换' : 'Interface design and data exchange'}
lastReviewed: 2026-11-29
summary: >-
  ${zh ? '本节讨论接口设计，包括幂等键和 RFC 9457。' : 'This section covers interface design, idempotency keys and RFC 9457.'}
keyPoints:
  - ${zh ? '接口对调用方隐藏模型。' : 'The interface hides the model from callers.'}
  - ${zh ? '写操作要幂等。' : 'Writes must be idempotent.'}
  - ${zh ? '错误用 RFC 9457 表达。' : 'Errors use RFC 9457.'}
references:
  - key: rfc9457
    text: "IETF RFC 9457 *Problem Details for HTTP APIs*, 2023."
    url: https://www.rfc-editor.org/rfc/rfc9457
figure:
  caption: ${zh ? '接口示意图' : 'Interface diagram'}
  mermaid: |
    flowchart LR
      A["${zh ? '业务系统' : 'Business system'}"] --> B["${zh ? 'LLM 网关' : 'LLM gateway'}"]
table:
  caption: ${zh ? '格式对比' : 'Formats compared'}
  columns: [${zh ? '格式, 优点' : 'Format, Strength'}]
  rows:
    - [JSON, ${zh ? '通用' : 'universal'}]
    - [XML, ${zh ? '存量系统' : 'legacy systems'}]
handsOn:
  title: ${zh ? '写一份 JSON Schema' : 'Write a JSON Schema'}
  task: ${zh ? '为分类接口写 Schema，置信度在 0 到 1 之间。' : 'Write the schema of the classifier; confidence between 0 and 1.'}
  links: [case:case-bank-demo]
---

## ${zh ? '接口设计原则' : 'Design principles'}

${zh ? '使用 API 网关统一鉴权与限流，发生故障时熔断。' : 'Use an API gateway for authentication and rate limiting, and a circuit breaker for outages.'}

### ${zh ? '幂等键' : 'Idempotency keys'}

| ${zh ? '头' : 'Header'} | ${zh ? '含义' : 'Meaning'} |
| --- | --- |
| Idempotency-Key | ${zh ? '重试 24 小时内有效' : 'valid for 24 hours of retries'} |
`;
};

const SECTIONS = {
	'zh-CN': [
		'业务背景与需求分析',
		'技术选型',
		'接口设计',
		'系统架构',
		'部署方案',
		'API 管理与安全',
		'实时与批处理',
		'性能与监控',
		'故障与恢复',
		'成效',
		'经验教训'
	],
	en: [
		'Business need and requirements',
		'Technology selection',
		'Interface design',
		'Architecture',
		'Deployment',
		'API management and security',
		'Real time and batch',
		'Performance and monitoring',
		'Incident and recovery',
		'Outcomes',
		'Lessons'
	]
};

const caseFile = (lang: 'zh-CN' | 'en') => {
	const zh = lang === 'zh-CN';
	const body = SECTIONS[lang]
		.map((title, i) => {
			if (i === 2)
				return `## ${title}\n\n\`\`\`json\n{ "question": "${zh ? '转账限额' : 'transfer limit'}" }\n\`\`\`\n`;
			if (i === 3) return `## ${title}\n\n\`\`\`mermaid\nflowchart LR\n  A --> B\n\`\`\`\n`;
			if (i === 8)
				return `## ${title}\n\n${zh ? '服务商中断 3 小时，熔断器打开。' : 'The provider was down for 3 hours; the circuit breaker opened.'}\n`;
			return `## ${title}\n\n${zh ? '内容。' : 'Text.'}\n`;
		})
		.join('\n');
	return `---
id: case-bank-demo
title: ${zh ? '银行客服的熔断与降级' : 'Circuit breaking at a bank help desk'}
industry: banking
modules: [3, 8]
difficulty: intermediate
lastReviewed: 2026-11-29
summary: >-
  ${zh ? '虚构的银行上线了 RAG 检索问答助手。' : 'A fictional bank launched a RAG retrieval assistant.'}
teaches: [provider-outage]
discussion:
  - id: d1
    text: ${zh ? '你会怎样调整？' : 'What would you change?'}
  - id: d2
    text: ${zh ? '备用模型何时启用？' : 'When should the standby model be used?'}
  - id: d3
    text: ${zh ? '阈值如何设定？' : 'How should the thresholds be set?'}
---

${body}`;
};

export type ContentDir = {
	root: string;
	/** Writes `text` at `rel` (relative to the content root). */
	write: (rel: string, text: string) => void;
	read: (rel: string) => string;
	/** Replaces `from` by `to` in the file at `rel`; throws when `from` is absent (a test bug). */
	edit: (rel: string, from: string | RegExp, to: string) => void;
	remove: (rel: string) => void;
	cleanup: () => void;
};

/** A temp `cases/` folder holding the valid module and case above (files `MODULE_DIR/…`, `CASE_DIR/…`). */
export function makeContentDir(): ContentDir {
	const base = mkdtempSync(join(tmpdir(), 'casebook-content-'));
	const root = join(base, 'cases');
	const write = (rel: string, text: string) => {
		mkdirSync(dirname(join(root, rel)), { recursive: true });
		writeFileSync(join(root, rel), text);
	};
	const read = (rel: string) => readFileSync(join(root, rel), 'utf8');
	for (const lang of ['zh-CN', 'en'] as const) {
		write(`${MODULE_DIR}/${lang}.md`, moduleFile(lang));
		write(`${CASE_DIR}/${lang}.md`, caseFile(lang));
	}
	return {
		root,
		write,
		read,
		edit: (rel, from, to) => {
			const text = read(rel);
			const next = text.replace(from, to);
			if (next === text) throw new Error(`edit: ${String(from)} not found in ${rel}`);
			write(rel, next);
		},
		remove: (rel) => rmSync(join(root, rel), { recursive: true, force: true }),
		cleanup: () => rmSync(base, { recursive: true, force: true })
	};
}
