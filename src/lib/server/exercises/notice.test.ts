import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import type { Db } from '../db';
import { InvalidSettingError, updateSettings } from '../settings';
import { providerName, providerNotice } from './notice';

let db: Db;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = createTestDb()));
afterEach(() => cleanup());

const provider = { LLM_BASE_URL: 'https://api.deepseek.com/v1', LLM_MODEL: 'deepseek-chat' };

describe('the provider notice', () => {
	it('is absent without a provider: answers then never leave the site', () => {
		expect(providerNotice(db, { LLM_BASE_URL: 'https://api.deepseek.com/v1' }, 'zh-CN')).toBeNull();
		expect(providerNotice(db, {}, 'en')).toBeNull();
	});

	it('names the provider (LLM_PROVIDER_NAME, else the host) and says what is not sent', () => {
		expect(providerName(provider)).toBe('api.deepseek.com');
		const en = providerNotice(db, { ...provider, LLM_PROVIDER_NAME: 'DeepSeek' }, 'en');
		expect(en).toContain('DeepSeek');
		expect(en).toContain('never your name or email');
		expect(providerNotice(db, provider, 'zh-CN')).toContain('api.deepseek.com');
	});

	it('uses the admin’s text in each language when set, within its length limit', () => {
		updateSettings(
			db,
			{ providerNoticeZh: '答案将发送给 Qwen。', providerNoticeEn: '' },
			{ actorId: null }
		);
		expect(providerNotice(db, provider, 'zh-CN')).toBe('答案将发送给 Qwen。');
		expect(providerNotice(db, provider, 'en')).toContain('api.deepseek.com');
		expect(() =>
			updateSettings(db, { providerNoticeEn: 'x'.repeat(1001) }, { actorId: null })
		).toThrow(InvalidSettingError);
	});
});
