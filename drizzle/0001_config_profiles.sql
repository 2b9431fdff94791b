CREATE TABLE `ai_settings` (
	`profile_id` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`base_url` text DEFAULT '' NOT NULL,
	`model` text DEFAULT '' NOT NULL,
	`temperature` real NOT NULL,
	`max_tokens` integer NOT NULL,
	`timeout_ms` integer NOT NULL,
	`api_key_ref` text,
	FOREIGN KEY (`profile_id`) REFERENCES `config_profiles`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "ai_settings_provider" CHECK("ai_settings"."provider" IN ('builtin', 'openai_compatible')),
	CONSTRAINT "ai_settings_temperature_range" CHECK("ai_settings"."temperature" >= 0 AND "ai_settings"."temperature" <= 2),
	CONSTRAINT "ai_settings_max_tokens_positive" CHECK("ai_settings"."max_tokens" > 0),
	CONSTRAINT "ai_settings_timeout_positive" CHECK("ai_settings"."timeout_ms" > 0)
);
--> statement-breakpoint
CREATE TABLE `config_profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "config_profiles_name_not_blank" CHECK(length(trim("config_profiles"."name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `config_profiles_name_unique` ON `config_profiles` (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX `config_profiles_one_default` ON `config_profiles` (`is_default`) WHERE "config_profiles"."is_default" = 1;--> statement-breakpoint
CREATE TABLE `profile_experiments` (
	`profile_id` text PRIMARY KEY NOT NULL,
	`experiment_name` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`profile_id`) REFERENCES `config_profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `profile_history` (
	`id` text PRIMARY KEY NOT NULL,
	`profile_id` text NOT NULL,
	`profile_name` text NOT NULL,
	`action` text NOT NULL,
	`summary` text NOT NULL,
	`before_json` text,
	`after_json` text,
	`created_at` text NOT NULL,
	`seq` integer NOT NULL,
	CONSTRAINT "profile_history_action" CHECK("profile_history"."action" IN ('create', 'update', 'delete', 'set_default', 'restore', 'import', 'api_key'))
);
--> statement-breakpoint
CREATE INDEX `profile_history_profile_idx` ON `profile_history` (`profile_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `profile_history_seq_unique` ON `profile_history` (`seq`);--> statement-breakpoint
CREATE TABLE `profile_prompts` (
	`profile_id` text PRIMARY KEY NOT NULL,
	`system_prompt` text DEFAULT '' NOT NULL,
	`editing_instructions` text DEFAULT '' NOT NULL,
	`user_template` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`profile_id`) REFERENCES `config_profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `profile_spaces` (
	`id` text PRIMARY KEY NOT NULL,
	`profile_id` text NOT NULL,
	`name` text NOT NULL,
	`instructions` text DEFAULT '' NOT NULL,
	`dataset_ids` text,
	`is_default` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`profile_id`) REFERENCES `config_profiles`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "profile_spaces_name_not_blank" CHECK(length(trim("profile_spaces"."name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `profile_spaces_name_unique` ON `profile_spaces` (`profile_id`,lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX `profile_spaces_one_default` ON `profile_spaces` (`profile_id`) WHERE "profile_spaces"."is_default" = 1;