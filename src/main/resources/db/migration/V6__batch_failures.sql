-- Images whose batches ended without answers (FAILED or EXPIRED), by content and the way they ended: after three
-- such ends the same way, a batch run stops sending the image and gives it a failed row saying so.
CREATE TABLE gemcap_batch_failure (
    sha256           VARCHAR(64)   NOT NULL,
    ended            VARCHAR(32)   NOT NULL,
    failures         INTEGER       NOT NULL,
    PRIMARY KEY (sha256, ended)
);
