-- The settings each run's calls were made with, by job execution: a `worker` process on another host builds the same
-- captioner from them (model, prompt, schema, template, metadata table, endpoint, detail, quota); only its key is its own,
-- and no key is ever stored. property: Spring Boot's canonical name (gemcap.prices.models[gemini-2.5-flash-lite].input);
-- property_value: the value the run resolved; file_sha256: for a setting naming a file (the schema, the metadata table),
-- the file's bytes as the run read them, which a worker's host need not have. Files are kept once by content: a nightly
-- run with the same metadata table adds no copy.
CREATE TABLE gemcap_run_setting (
    job_execution_id  BIGINT         NOT NULL,
    property          VARCHAR(1000)  NOT NULL,
    property_value    VARCHAR        NOT NULL,
    file_sha256       VARCHAR(64),
    PRIMARY KEY (job_execution_id, property)
);
CREATE TABLE gemcap_run_file (
    sha256            VARCHAR(64)    NOT NULL PRIMARY KEY,
    content           BYTEA          NOT NULL
);
