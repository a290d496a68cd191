-- The ledger knows a file by its bucket and its key in the bucket, as the connector lists it; "key" keeps the
-- object's URI for display (files --json, messages). Existing rows are split in place: the URI's authority is the
-- bucket (s3://bkt/a/b.csv is bucket bkt, key a/b.csv), and a URI without one is a path from the file system's
-- root (file:///srv/in/a.csv is bucket /, key srv/in/a.csv), which is how the local connector addresses files.
ALTER TABLE pipit.files ADD COLUMN bucket varchar(255);
ALTER TABLE pipit.files ADD COLUMN object_key varchar(2048);

UPDATE pipit.files
   SET bucket = CASE
           WHEN POSITION('/' IN SUBSTRING("key" FROM POSITION('://' IN "key") + 3)) = 1 THEN '/'
           ELSE SUBSTRING(SUBSTRING("key" FROM POSITION('://' IN "key") + 3)
                          FROM 1 FOR POSITION('/' IN SUBSTRING("key" FROM POSITION('://' IN "key") + 3)) - 1)
       END,
       object_key = SUBSTRING(SUBSTRING("key" FROM POSITION('://' IN "key") + 3)
                              FROM POSITION('/' IN SUBSTRING("key" FROM POSITION('://' IN "key") + 3)) + 1);

ALTER TABLE pipit.files ALTER COLUMN bucket SET NOT NULL;
ALTER TABLE pipit.files ALTER COLUMN object_key SET NOT NULL;
ALTER TABLE pipit.files DROP CONSTRAINT files_datasource_key;
ALTER TABLE pipit.files ADD CONSTRAINT files_datasource_object UNIQUE (datasource, bucket, object_key);
