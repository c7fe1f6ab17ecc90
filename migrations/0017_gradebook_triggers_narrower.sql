-- Hand-written: narrower "gradebook" generation triggers (0016 moved it on writes that cannot change
-- a gradebook value, which during a live class would empty the cache many times a second).
-- - A quiz attempt counts only once graded: starting one (an open attempt) no longer moves it; grading
--   is an UPDATE of `status`, which still does.
-- - A new submission counts only through a release or a lab attempt, whose own triggers move it.
-- - A new user counts only once in a cohort (the cohort_members trigger).
-- - Feedback counts when it is AI feedback (criterion statistics) or a lab attempt's (lab columns);
--   an exercise's offline check does not. Its criteria likewise count only for AI feedback.
DROP TRIGGER IF EXISTS `quiz_attempts_insert_gradebook_generation`;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_insert_gradebook_generation` AFTER INSERT ON `quiz_attempts`
WHEN NEW.`status` = 'graded' BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `submissions_insert_gradebook_generation`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `users_insert_gradebook_generation`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `feedback_insert_gradebook_generation`;
--> statement-breakpoint
CREATE TRIGGER `feedback_insert_gradebook_generation` AFTER INSERT ON `feedback`
WHEN NEW.`source` = 'model'
	OR EXISTS (SELECT 1 FROM `lab_attempts` WHERE `submission_id` = NEW.`submission_id`) BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `feedback_criteria_insert_gradebook_generation`;
--> statement-breakpoint
CREATE TRIGGER `feedback_criteria_insert_gradebook_generation` AFTER INSERT ON `feedback_criteria`
WHEN EXISTS (SELECT 1 FROM `feedback` WHERE `id` = NEW.`feedback_id` AND `source` = 'model') BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
