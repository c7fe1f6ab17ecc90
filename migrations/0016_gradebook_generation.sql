CREATE TABLE `cache_generations` (
	`scope` text PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Hand-written below (drizzle-kit cannot declare triggers): the "gradebook" generation moves with
-- every write to a table the gradebook's values come from — quiz attempts, released grades and their
-- submissions, lab attempts and the feedback a runbook attempt is scored by, AI-suggested criterion
-- levels (criterion statistics), cohort membership, learners' names and emails — so a cached
-- gradebook read keyed by it (src/lib/server/grading/gradebook.ts) is never stale, whichever code,
-- script or connection wrote. Quiz autosaves (answers, saved_at) do not move it.
INSERT INTO `cache_generations` (`scope`, `n`) VALUES ('gradebook', 0);
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_insert_gradebook_generation` AFTER INSERT ON `quiz_attempts` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_update_gradebook_generation` AFTER UPDATE OF `user_id`, `quiz_id`, `number`, `status`, `earned_n`, `earned_d`, `max_n`, `max_d` ON `quiz_attempts` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_delete_gradebook_generation` AFTER DELETE ON `quiz_attempts` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `grade_releases_insert_gradebook_generation` AFTER INSERT ON `grade_releases` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `grade_releases_update_gradebook_generation` AFTER UPDATE ON `grade_releases` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `grade_releases_delete_gradebook_generation` AFTER DELETE ON `grade_releases` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `submissions_insert_gradebook_generation` AFTER INSERT ON `submissions` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `submissions_update_gradebook_generation` AFTER UPDATE OF `user_id`, `item_id` ON `submissions` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `submissions_delete_gradebook_generation` AFTER DELETE ON `submissions` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `lab_attempts_insert_gradebook_generation` AFTER INSERT ON `lab_attempts` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `lab_attempts_update_gradebook_generation` AFTER UPDATE ON `lab_attempts` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `lab_attempts_delete_gradebook_generation` AFTER DELETE ON `lab_attempts` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `feedback_insert_gradebook_generation` AFTER INSERT ON `feedback` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `feedback_update_gradebook_generation` AFTER UPDATE ON `feedback` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `feedback_delete_gradebook_generation` AFTER DELETE ON `feedback` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `feedback_criteria_insert_gradebook_generation` AFTER INSERT ON `feedback_criteria` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `feedback_criteria_update_gradebook_generation` AFTER UPDATE ON `feedback_criteria` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `feedback_criteria_delete_gradebook_generation` AFTER DELETE ON `feedback_criteria` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `cohort_members_insert_gradebook_generation` AFTER INSERT ON `cohort_members` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `cohort_members_update_gradebook_generation` AFTER UPDATE ON `cohort_members` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `cohort_members_delete_gradebook_generation` AFTER DELETE ON `cohort_members` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `users_insert_gradebook_generation` AFTER INSERT ON `users` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `users_update_gradebook_generation` AFTER UPDATE OF `display_name`, `email` ON `users` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
--> statement-breakpoint
CREATE TRIGGER `users_delete_gradebook_generation` AFTER DELETE ON `users` BEGIN
	UPDATE `cache_generations` SET `n` = `n` + 1 WHERE `scope` = 'gradebook';
END;
