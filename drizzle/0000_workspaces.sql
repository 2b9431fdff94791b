CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`archived_at` text,
	CONSTRAINT "workspaces_name_not_blank" CHECK(length(trim("workspaces"."name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_active_name_unique` ON `workspaces` (lower("name")) WHERE "workspaces"."archived_at" IS NULL;--> statement-breakpoint
CREATE INDEX `workspaces_archived_at_idx` ON `workspaces` (`archived_at`);