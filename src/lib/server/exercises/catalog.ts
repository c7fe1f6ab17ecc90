import type { Db } from '../db';
import type { Locale } from '../db/schema';
import { getItemPage, getItemWithMeta, listItems } from '../content/items';
import type { ExerciseMeta } from '../content/kinds/exercise';

/** A live exercise in one language: its page fields and its metadata (rules and rubric). */
export type Exercise = {
	id: string;
	slug: string;
	path: string;
	title: string;
	summary: string;
	/** Current version (a rubric scoring change makes a new one). */
	version: number;
	meta: ExerciseMeta;
};

/** Live exercises in `locale`, in folder order, without their bodies. */
export function listExercises(db: Db, locale: Locale): Omit<Exercise, 'version'>[] {
	return listItems(db, 'exercise', locale).map((i) => ({
		id: i.id,
		slug: i.slug,
		path: i.path,
		title: i.title,
		summary: i.summary,
		meta: i.metadata as ExerciseMeta
	}));
}

/** The live exercise at `/exercises/<slug>` with its scenario HTML, or undefined. */
export function getExercisePage(
	db: Db,
	slug: string,
	locale: Locale
): (Exercise & { html: string }) | undefined {
	const page = getItemPage(db, 'exercise', slug, locale);
	if (!page) return undefined;
	return {
		id: page.id,
		slug: page.slug,
		path: page.path,
		title: page.title,
		summary: page.summary,
		version: page.version,
		html: page.html,
		meta: page.metadata as ExerciseMeta
	};
}

/**
 * An exercise by id in `locale`, archived or not (a submission's page still names the exercise
 * after its folder left `cases/`). `live` is false for an archived one.
 */
export function getExerciseById(
	db: Db,
	id: string,
	locale: Locale
): (Exercise & { live: boolean }) | undefined {
	const item = getItemWithMeta(db, id, 'exercise', locale);
	if (!item) return undefined;
	const { slug, path, version, title, summary, metadata, live } = item;
	return { id, slug, path, version, title, summary, meta: metadata as ExerciseMeta, live };
}
