-- Custom SQL migration file, put your code below! ---- drizzle-kit cannot express triggers in the schema; this custom migration (created with
-- `drizzle-kit generate --custom`) holds the one rule an index cannot: the default profile
-- cannot be deleted until another profile is made the default.
CREATE TRIGGER `config_profiles_keep_default`
BEFORE DELETE ON `config_profiles`
WHEN OLD.`is_default` = 1
BEGIN
  SELECT RAISE(ABORT, 'The default profile cannot be deleted. Make another profile the default first.');
END;
