import type { Config } from '../config';
import type { Db } from '../db';
import type { Locale } from '../db/schema';
import { providerConfigured } from '../feedback/llm-client';
import { getSettings } from '../settings';
import { m } from '../../paraglide/messages';

/** The provider's name as learners are told it: LLM_PROVIDER_NAME, else the endpoint's host. */
export function providerName(
	cfg: Pick<Config, 'LLM_PROVIDER_NAME' | 'LLM_BASE_URL'>
): string | null {
	if (cfg.LLM_PROVIDER_NAME) return cfg.LLM_PROVIDER_NAME;
	if (!cfg.LLM_BASE_URL) return null;
	try {
		return new URL(cfg.LLM_BASE_URL).host;
	} catch {
		return null;
	}
}

/**
 * The notice naming the provider that receives an answer for AI feedback, in `locale`: the admin's
 * text (`providerNoticeZh` / `providerNoticeEn` settings) or the built-in one. Null when no provider
 * is configured (answers then never leave the site: the offline check grades them).
 */
export function providerNotice(
	db: Db,
	cfg: Pick<Config, 'LLM_PROVIDER_NAME' | 'LLM_BASE_URL' | 'LLM_MODEL'>,
	locale: Locale
): string | null {
	if (!providerConfigured(cfg)) return null;
	const s = getSettings(db);
	const custom = locale === 'en' ? s.providerNoticeEn : s.providerNoticeZh;
	if (custom) return custom;
	return m.exercises_provider_notice({ provider: providerName(cfg) ?? '?' }, { locale });
}
