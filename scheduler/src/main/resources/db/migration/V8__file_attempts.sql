-- Attempts at a file. Each attempt is counted in a transaction of its own, committed before the file's import
-- transaction opens, so a process that dies while it reads a file (out of memory, kill -9, a native crash) leaves a
-- trace that the import's rollback cannot erase. attempts counts every attempt at the file; unfinished_attempts
-- those whose end no process lived to record, which is how a file that kills its importer is recognised;
-- last_attempt_at is when the latest attempt began.
ALTER TABLE pipit.files ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE pipit.files ADD COLUMN unfinished_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE pipit.files ADD COLUMN last_attempt_at timestamp with time zone;
