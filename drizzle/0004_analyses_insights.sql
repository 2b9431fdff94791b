CREATE TABLE `analyses` (
	`id` text PRIMARY KEY NOT NULL,
	`dataset_id` text NOT NULL,
	`version_id` text NOT NULL,
	`goal_type` text NOT NULL,
	`status` text NOT NULL,
	`quality_score` real,
	`quality` text,
	`started_at` text,
	`completed_at` text,
	`error` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "analyses_goal_type" CHECK("analyses"."goal_type" IN ('ml_preparation', 'general_audit', 'data_quality', 'exploratory')),
	CONSTRAINT "analyses_status" CHECK("analyses"."status" IN ('pending', 'running', 'completed', 'failed')),
	CONSTRAINT "analyses_quality_range" CHECK("analyses"."quality_score" IS NULL OR ("analyses"."quality_score" >= 0 AND "analyses"."quality_score" <= 100))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `analyses_version_goal_unique` ON `analyses` (`version_id`,`goal_type`);--> statement-breakpoint
CREATE INDEX `analyses_dataset_idx` ON `analyses` (`dataset_id`);--> statement-breakpoint
CREATE INDEX `analyses_status_idx` ON `analyses` (`status`);--> statement-breakpoint
CREATE TABLE `column_profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`analysis_id` text NOT NULL,
	`column_name` text NOT NULL,
	`inferred_type` text NOT NULL,
	`null_count` integer NOT NULL,
	`unique_count` integer NOT NULL,
	`min_value` text,
	`max_value` text,
	`mean` real,
	`median` real,
	`distribution` text,
	FOREIGN KEY (`analysis_id`) REFERENCES `analyses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `column_profiles_analysis_idx` ON `column_profiles` (`analysis_id`,`column_name`);--> statement-breakpoint
CREATE TABLE `insights` (
	`id` text PRIMARY KEY NOT NULL,
	`analysis_id` text NOT NULL,
	`columns` text NOT NULL,
	`severity` text NOT NULL,
	`type` text NOT NULL,
	`rule` text NOT NULL,
	`description` text NOT NULL,
	`recommendation` text NOT NULL,
	`fix` text,
	`code_suggestion` text,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`analysis_id`) REFERENCES `analyses`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "insights_severity" CHECK("insights"."severity" IN ('critical', 'high', 'medium', 'low', 'info')),
	CONSTRAINT "insights_type" CHECK("insights"."type" IN ('missing_data', 'outliers', 'duplicates', 'data_type_mismatch', 'pattern_violation', 'quality_issue')),
	CONSTRAINT "insights_status" CHECK("insights"."status" IN ('open', 'applied', 'dismissed'))
);
--> statement-breakpoint
CREATE INDEX `insights_analysis_idx` ON `insights` (`analysis_id`);--> statement-breakpoint
CREATE INDEX `insights_severity_idx` ON `insights` (`severity`);