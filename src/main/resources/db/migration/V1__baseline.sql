-- gemcap's tables as release 0.1.0 made them at every start. A job database from that release has them
-- already (Flyway baselines it at version 0 and runs this once: every statement tolerates what exists);
-- a new one gets them here. Later changes are later migrations, never edits of this file.

CREATE TABLE IF NOT EXISTS gemcap_result (
    job_instance_id  BIGINT        NOT NULL,
    job_execution_id BIGINT        NOT NULL,
    path             VARCHAR(4096) NOT NULL,
    sha256           VARCHAR(64),
    status           VARCHAR(16)   NOT NULL,
    caption          VARCHAR,
    error            VARCHAR,
    finish_reason    VARCHAR(64),
    mime             VARCHAR(64),
    width            INTEGER,
    height           INTEGER,
    model            VARCHAR(128),
    prompt_tokens    INTEGER,
    output_tokens    INTEGER,
    thought_tokens   INTEGER,
    latency_ms       BIGINT,
    source           VARCHAR(16)   NOT NULL,
    PRIMARY KEY (job_instance_id, path)
);

-- What was captioned before, by content, model and prompt: a later run takes these instead of paying again.
CREATE TABLE IF NOT EXISTS gemcap_ledger (
    sha256           VARCHAR(64)   NOT NULL,
    model            VARCHAR(128)  NOT NULL,
    prompt_sha256    VARCHAR(64)   NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    caption          VARCHAR,
    error            VARCHAR,
    finish_reason    VARCHAR(64),
    mime             VARCHAR(64),
    width            INTEGER,
    height           INTEGER,
    served_model     VARCHAR(128),
    prompt_tokens    INTEGER,
    output_tokens    INTEGER,
    thought_tokens   INTEGER,
    latency_ms       BIGINT,
    recorded_at      TIMESTAMP     NOT NULL,
    PRIMARY KEY (sha256, model, prompt_sha256)
);

CREATE TABLE IF NOT EXISTS gemcap_run (
    job_execution_id BIGINT        NOT NULL PRIMARY KEY,
    job_instance_id  BIGINT        NOT NULL,
    job_key          VARCHAR(64)   NOT NULL,
    input_location   VARCHAR(4096) NOT NULL,
    output_location  VARCHAR(4096) NOT NULL,
    run_number       BIGINT        NOT NULL,
    host             VARCHAR(255)  NOT NULL,
    pid              BIGINT        NOT NULL,
    registered_at    TIMESTAMP     NOT NULL
);

CREATE INDEX IF NOT EXISTS gemcap_run_job_key ON gemcap_run (job_key);

-- The overlap lock: one lease per job, renewed while its run goes on.
CREATE TABLE IF NOT EXISTS gemcap_lease (
    job_key          VARCHAR(64)   NOT NULL PRIMARY KEY,
    token            VARCHAR(36)   NOT NULL,
    host             VARCHAR(255)  NOT NULL,
    pid              BIGINT        NOT NULL,
    expires_at       TIMESTAMP     NOT NULL
);

-- Which check or call gave a ledger entry: a file rejected by gemcap's own check is remembered too, so an
-- unchanged object in a bucket is not downloaded again to be rejected again.
ALTER TABLE gemcap_ledger ADD COLUMN IF NOT EXISTS origin VARCHAR(16);

-- The version (ETag or generation) of each bucket object last read, and its content: an object listed
-- with the same version again takes its content's ledger entry without being downloaded.
CREATE TABLE IF NOT EXISTS gemcap_object (
    location         VARCHAR(4096) NOT NULL PRIMARY KEY,
    version          VARCHAR(255)  NOT NULL,
    sha256           VARCHAR(64)   NOT NULL,
    recorded_at      TIMESTAMP     NOT NULL
);
