import type { Criterion, Rubric } from '../feedback/rubric';
import { sortedLevels } from '../feedback/rubric';

/**
 * The points a criterion may get at `level`: from the next lower level's points up to this level's
 * points (the lowest level from 0), both inclusive. Null when the criterion has no such level.
 * Source: the rubric's levels (cases/exercises/README.md); points never decrease as the level rises.
 */
export function levelRange(c: Criterion, level: number): { min: number; max: number } | null {
	const levels = sortedLevels(c);
	const i = levels.findIndex((l) => l.level === level);
	if (i < 0) return null;
	return { min: i === 0 ? 0 : levels[i - 1].points, max: levels[i].points };
}

/** Rounds to 2 decimals (half away from zero), the precision points are stored and shown with. */
export function round2(n: number): number {
	return Math.sign(n) * (Math.round((Math.abs(n) + Number.EPSILON) * 100) / 100);
}

/**
 * The grade after the late penalty: `rawPoints` × (1 − penaltyPercent/100), rounded to 2 decimals.
 * Penalty in percent (0–100), as the exercise's late policy gives it (`lateness`).
 */
export function applyPenalty(rawPoints: number, penaltyPercent: number): number {
	const p = Math.min(100, Math.max(0, penaltyPercent));
	return round2((rawPoints * (100 - p)) / 100);
}

/** The rubric maximum in points: the sum of each criterion's top level. */
export function maxOf(rubric: Rubric): number {
	return round2(
		rubric.criteria.reduce((s, c) => s + Math.max(...c.levels.map((l) => l.points)), 0)
	);
}
