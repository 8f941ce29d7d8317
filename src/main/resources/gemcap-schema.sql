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
    PRIMARY KEY (job_instance_id, path)
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
    heartbeat        TIMESTAMP     NOT NULL
);

CREATE INDEX IF NOT EXISTS gemcap_run_job_key ON gemcap_run (job_key);
