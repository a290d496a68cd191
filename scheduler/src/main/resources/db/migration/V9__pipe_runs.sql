-- Sink and copy pipes record their runs in pipit.runs too: "datasource" holds the pipe's name, "files" the objects
-- a sink wrote, "bytes" their size, and outputs the URIs of those objects (cut to fit).
ALTER TABLE pipit.runs DROP CONSTRAINT runs_trigger;
ALTER TABLE pipit.runs ADD CONSTRAINT runs_trigger CHECK (trigger IN ('auto', 'manual', 'stream', 'sink', 'copy'));
ALTER TABLE pipit.runs ADD COLUMN outputs varchar(4000);
