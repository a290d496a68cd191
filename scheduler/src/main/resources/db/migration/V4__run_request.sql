-- The trigger request a run answers (bin/scheduler trigger, JMX), so that the daemon that queued it can follow
-- the run when another node of the cluster executes it. NULL for scheduled runs and for `bin/scheduler run`.
ALTER TABLE pipit.runs ADD COLUMN request_id varchar(64);
CREATE INDEX runs_by_request ON pipit.runs (request_id);
