-- Batch Mode. A row's place in walk order: batch results arrive out of order, so a batch run renders its CSV from the
-- results table by position (NULL for rows of online runs, which are written in walk order as they come).
ALTER TABLE gemcap_result ADD COLUMN walk_position BIGINT;

-- One shard of a batch run: its request file, the file uploaded from it, the batch created from that, and how far it
-- got ('prepared', 'uploaded', 'creating' (the intent, recorded before the call), 'created', 'collected', 'cleaned').
CREATE TABLE gemcap_batch (
    job_instance_id  BIGINT        NOT NULL,
    shard            BIGINT        NOT NULL,
    display_name     VARCHAR(255)  NOT NULL,
    state            VARCHAR(16)   NOT NULL,
    items            INTEGER       NOT NULL,
    predicted_tokens BIGINT        NOT NULL,
    file_name        VARCHAR(255),
    batch_name       VARCHAR(255),
    outcome          VARCHAR(1024),
    PRIMARY KEY (job_instance_id, shard)
);

-- The images of a batch run waiting for their answers: what their rows need besides the answer.
CREATE TABLE gemcap_batch_item (
    job_instance_id  BIGINT        NOT NULL,
    walk_position    BIGINT        NOT NULL,
    shard            BIGINT        NOT NULL,
    path             VARCHAR(4096) NOT NULL,
    sha256           VARCHAR(64)   NOT NULL,
    version          VARCHAR(255),
    mime             VARCHAR(64),
    width            INTEGER,
    height           INTEGER,
    sent_width       INTEGER,
    sent_height      INTEGER,
    sent_bytes       BIGINT,
    note             VARCHAR(1024),
    PRIMARY KEY (job_instance_id, walk_position)
);

CREATE INDEX gemcap_batch_item_shard ON gemcap_batch_item (job_instance_id, shard);
