-- Event-driven discovery (IMPORT_NOTIFICATIONS). listings keeps when each data source's bucket was last listed in
-- full, so that with notifications a backfill listing runs once per IMPORT_BACKFILL_INTERVAL across the cluster
-- rather than on every tick. notification_queues is what status, the console and /metrics show of each queue: the
-- daemons polling it write their latest poll, message, backlog and error there, and count what they received.
CREATE TABLE pipit.listings (
    datasource varchar(255) NOT NULL PRIMARY KEY,
    listed_at  timestamp with time zone NOT NULL
);

CREATE TABLE pipit.notification_queues (
    queue           varchar(1024) NOT NULL PRIMARY KEY,
    node            varchar(255),
    last_poll_at    timestamp with time zone,
    last_message_at timestamp with time zone,
    backlog         bigint,
    messages        bigint NOT NULL DEFAULT 0,
    ignored         bigint NOT NULL DEFAULT 0,
    malformed       bigint NOT NULL DEFAULT 0,
    errors          bigint NOT NULL DEFAULT 0,
    last_error      varchar(4000),
    last_error_at   timestamp with time zone
);
