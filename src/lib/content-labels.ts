import { m } from './paraglide/messages';

/** Localised names of the content taxonomy (industries, difficulty, item kinds). */

const INDUSTRY: Record<string, () => string> = {
	banking: m.content_industry_banking,
	insurance: m.content_industry_insurance,
	healthcare: m.content_industry_healthcare,
	ecommerce: m.content_industry_ecommerce,
	manufacturing: m.content_industry_manufacturing,
	telecom: m.content_industry_telecom,
	government: m.content_industry_government,
	logistics: m.content_industry_logistics,
	legal: m.content_industry_legal,
	hr: m.content_industry_hr,
	education: m.content_industry_education,
	energy: m.content_industry_energy,
	retail: m.content_industry_retail,
	media: m.content_industry_media
};

const DIFFICULTY: Record<string, () => string> = {
	intro: m.content_difficulty_intro,
	intermediate: m.content_difficulty_intermediate,
	advanced: m.content_difficulty_advanced
};

/** Kinds of items and search sources; later features add theirs here. */
const KIND: Record<string, () => string> = {
	module: m.content_kind_module,
	case: m.content_kind_case,
	page: m.content_kind_page,
	quiz: m.content_kind_quiz,
	exercise: m.content_kind_exercise,
	lab: m.content_kind_lab,
	faq: m.content_kind_faq,
	question: m.content_kind_question
};

export const industryLabel = (industry: string) => INDUSTRY[industry]?.() ?? industry;
export const difficultyLabel = (difficulty: string) => DIFFICULTY[difficulty]?.() ?? difficulty;
export const kindLabel = (kind: string) => KIND[kind]?.() ?? kind;
