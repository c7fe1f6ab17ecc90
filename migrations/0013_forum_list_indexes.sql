CREATE INDEX `forum_posts_question_list_idx` ON `forum_posts` (`thread_id`,`hidden_at`,`author_id`,`score`) WHERE "forum_posts"."kind" = 'question';--> statement-breakpoint
CREATE INDEX `forum_posts_question_votes_idx` ON `forum_posts` (`score`,`created_at`,`thread_id`) WHERE "forum_posts"."kind" = 'question';--> statement-breakpoint
CREATE INDEX `forum_threads_newest_idx` ON `forum_threads` ((pinned_at is not null),`created_at`);--> statement-breakpoint
CREATE INDEX `forum_threads_active_idx` ON `forum_threads` ((pinned_at is not null),`last_activity_at`);--> statement-breakpoint
CREATE INDEX `forum_threads_unanswered_idx` ON `forum_threads` ((answer_count = 0),`created_at`);