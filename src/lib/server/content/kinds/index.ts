import type { ContentKind } from '../types';
import { caseKind } from './case';
import { moduleKind } from './module';
import { pageKind } from './page';
import { faqKind } from './faq';

/**
 * Every kind of content item the loader, checker and sync know. Later features append theirs
 * (quiz, exercise, lab, faq); see `ContentKind` in ../types.ts.
 */
export const CONTENT_KINDS: ContentKind[] = [moduleKind, caseKind, pageKind, faqKind];

export { moduleKind, caseKind, pageKind, faqKind };
