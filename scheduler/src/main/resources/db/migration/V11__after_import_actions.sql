-- IMPORT_AFTER_IMPORT (issue 17): what is to become of an imported object, recorded in the transaction that imports
-- it, so the decision commits with the rows, or not at all. The store is touched only after that commit, and an
-- action a crash or the store interrupted stays here until a later run completes it: the ledger, not whether the
-- object is still in the bucket, decides that the file is imported.
-- One row per import of a key (generation, as in pipit.files). status: pending (not tried yet), failed (the last
-- attempt failed: error says why, and it is tried again from next_attempt_at on, for as long as it takes) or done.
CREATE TABLE pipit.after_import (
    file_id         bigint        NOT NULL REFERENCES pipit.files (id) ON DELETE CASCADE,
    generation      integer       NOT NULL,
    action          varchar(16)   NOT NULL,
    target_key      varchar(2048),
    status          varchar(16)   NOT NULL,
    attempts        integer       NOT NULL DEFAULT 0,
    error           varchar(4000),
    next_attempt_at timestamp with time zone,
    created_at      timestamp with time zone NOT NULL,
    updated_at      timestamp with time zone NOT NULL,
    CONSTRAINT after_import_key PRIMARY KEY (file_id, generation)
);
CREATE INDEX after_import_by_status ON pipit.after_import (status);
