import type { ContentKind } from '../types';
import { caseKind } from './case';
import { exerciseKind } from './exercise';
import { moduleKind } from './module';
import { pageKind } from './page';
import { faqKind } from './faq';
import { quizKind } from './quiz';
import { labKind } from './lab';

/**
 * Every kind of content item the loader, checker and sync know. Later features append theirs
 * (exercise, lab, faq); see `ContentKind` in ../types.ts.
 */
export const CONTENT_KINDS: ContentKind[] = [
	moduleKind,
	caseKind,
	pageKind,
	quizKind,
	exerciseKind,
	labKind,
	faqKind
];

export { moduleKind, caseKind, pageKind, quizKind, exerciseKind, labKind, faqKind };
