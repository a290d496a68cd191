-- Where an inferred column's values come from in a file ($.member, $['odd name']), so a restart maps files
-- exactly as the run that inferred the column did. NULL for columns of a declared SCHEMA and positional columns.
ALTER TABLE pipit.schema_changes ADD COLUMN json_path varchar(2048);
