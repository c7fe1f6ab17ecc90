ALTER TABLE `cohorts` ADD `create_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `cohorts_owner_create_key_uq` ON `cohorts` (`owner_id`,`create_key`);