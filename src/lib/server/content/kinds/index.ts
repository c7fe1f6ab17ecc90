import type { ContentKind } from '../types';
import { caseKind } from './case';
import { exerciseKind } from './exercise';
import { moduleKind } from './module';
import { pageKind } from './page';

/**
 * Every kind of content item the loader, checker and sync know. Later features append theirs
 * (quiz, exercise, lab, faq); see `ContentKind` in ../types.ts.
 */
export const CONTENT_KINDS: ContentKind[] = [moduleKind, caseKind, pageKind, exerciseKind];

export { moduleKind, caseKind, pageKind, exerciseKind };
