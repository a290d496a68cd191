-- What a deployment deployed, so the next one can be compared with it: the project's manifest (connections with
-- their non-secret settings, data sources with their columns and settings; secrets appear masked) and the plan
-- that was applied, both as JSON. NULL for rows written before deployments were planned.
ALTER TABLE pipit.deployments ADD COLUMN manifest text;
ALTER TABLE pipit.deployments ADD COLUMN plan text;
