import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
	it('has working defaults, including the http ORIGIN for npm start', () => {
		const cfg = loadConfig({});
		expect(cfg.PORT).toBe(3000);
		expect(cfg.ORIGIN).toBe('http://localhost:3000');
		expect(cfg.DATABASE_URL).toBe('./data/casebook.db');
		expect(loadConfig({ PORT: '8080' }).ORIGIN).toBe('http://localhost:8080');
	});

	it('names every bad variable', () => {
		let err: unknown;
		try {
			loadConfig({
				PORT: 'eighty',
				ORIGIN: 'localhost',
				DEFAULT_TIME_ZONE: 'Mars/Olympus',
				LOG_LEVEL: 'loud'
			});
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(ConfigError);
		const msg = (err as Error).message;
		for (const v of ['PORT', 'ORIGIN', 'DEFAULT_TIME_ZONE', 'LOG_LEVEL']) expect(msg).toContain(v);
	});

	it('refuses weaker argon2 settings than the OWASP minimum and inconsistent session windows', () => {
		expect(() => loadConfig({ ARGON2_MEMORY_KIB: '1024' })).toThrow(/ARGON2_MEMORY_KIB/);
		expect(() => loadConfig({ SESSION_TTL_MS: '100000', SESSION_RENEW_MS: '200000' })).toThrow(
			/SESSION_RENEW_MS/
		);
	});

	it('puts backups beside the database unless BACKUP_DIR says otherwise; metrics need a real token', () => {
		expect(loadConfig({ DATABASE_URL: '/srv/casebook/db.sqlite' }).BACKUP_DIR).toBe(
			'/srv/casebook/backups'
		);
		expect(loadConfig({ BACKUP_DIR: '/mnt/backups' }).BACKUP_DIR).toBe('/mnt/backups');
		expect(loadConfig({}).BACKUP_INTERVAL_MS).toBe(0);
		expect(() => loadConfig({ BACKUP_INTERVAL_MS: '10' })).toThrow(/BACKUP_INTERVAL_MS/);
		expect(() => loadConfig({ BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
		expect(loadConfig({}).METRICS_TOKEN).toBeUndefined();
		expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
	});

	it('reads the LLM settings: provider optional, formats, price table as JSON', () => {
		const none = loadConfig({});
		expect(none.LLM_BASE_URL).toBeUndefined();
		expect(none.LLM_RESPONSE_FORMAT).toBe('json_schema');
		expect(none.LLM_PRICES).toEqual({});
		const cfg = loadConfig({
			LLM_BASE_URL: 'https://api.deepseek.com/v1',
			LLM_MODEL: 'deepseek-chat',
			LLM_RESPONSE_FORMAT: 'json_object',
			LLM_PRICES: '{"deepseek-chat": {"input": 0.27, "output": 1.1}}',
			LLM_DAILY_BUDGET: '5',
			LLM_TIMEOUT_MS: '1500'
		});
		expect(cfg.LLM_PRICES['deepseek-chat']).toEqual({ input: 0.27, output: 1.1 });
		expect(cfg.LLM_DAILY_BUDGET).toBe(5);
		expect(cfg.LLM_TIMEOUT_MS).toBe(1500);
	});

	it('names bad LLM settings', () => {
		expect(() => loadConfig({ LLM_PRICES: '{"m": {"input": "cheap"}}' })).toThrow(/LLM_PRICES/);
		expect(() => loadConfig({ LLM_PRICES: 'not json' })).toThrow(/LLM_PRICES/);
		expect(() => loadConfig({ LLM_RESPONSE_FORMAT: 'xml' })).toThrow(/LLM_RESPONSE_FORMAT/);
		expect(() => loadConfig({ LLM_BASE_URL: 'api.openai.com' })).toThrow(/LLM_BASE_URL/);
		expect(() => loadConfig({ LLM_RETRY_BASE_MS: '5000', LLM_RETRY_MAX_MS: '100' })).toThrow(
			/LLM_RETRY_BASE_MS/
		);
	});
});
