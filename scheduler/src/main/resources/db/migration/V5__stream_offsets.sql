-- Where each Kafka data source's consumer group stands in each partition: the offset of the next message to read.
-- A batch's rows and the new offsets commit in one transaction, so after a crash the table and these offsets
-- agree, and the next consumer starts exactly after the last stored message. Kafka's own committed offsets are
-- only a copy, written after this commit so that Kafka tooling shows the lag.
CREATE TABLE pipit.stream_offsets (
    group_id     varchar(255) NOT NULL,
    topic        varchar(255) NOT NULL,
    partition_id integer      NOT NULL,
    datasource   varchar(255) NOT NULL,
    next_offset  bigint       NOT NULL,
    updated_at   timestamp with time zone NOT NULL,
    PRIMARY KEY (group_id, topic, partition_id)
);
CREATE INDEX stream_offsets_by_datasource ON pipit.stream_offsets (datasource);

-- Consumption is recorded like runs, one row per interval, with trigger 'stream'.
ALTER TABLE pipit.runs DROP CONSTRAINT runs_trigger;
ALTER TABLE pipit.runs ADD CONSTRAINT runs_trigger CHECK (trigger IN ('auto', 'manual', 'stream'));
