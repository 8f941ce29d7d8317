-- The text of each prompt a run was started with, by its hash. A job parameter holds only the hash: Spring
-- Batch keeps parameters in VARCHAR(2500), and prompts (templates, schemas) are longer.
CREATE TABLE gemcap_prompt (
    sha256           VARCHAR(64)   NOT NULL PRIMARY KEY,
    text             VARCHAR       NOT NULL,
    recorded_at      TIMESTAMP     NOT NULL
);
