-- The version of gemcap's conversion (how a file becomes the picture sent) each answer was about: an answer about a
-- picture an earlier version sent wrongly (large palettes black, grey with alpha lighter, CMYK shifted) is not served
-- again. Entries recorded before have none and count as version 1.
ALTER TABLE gemcap_ledger ADD COLUMN conversion_version INTEGER;

-- Answers refused for that reason, so that the run which pays for such an image again can say how many it mended.
CREATE TABLE gemcap_conversion_mend (
    sha256           VARCHAR(64)   NOT NULL,
    model            VARCHAR(128)  NOT NULL,
    request_sha256   VARCHAR(64)   NOT NULL,
    mended_at        TIMESTAMP     NOT NULL,
    PRIMARY KEY (sha256, model, request_sha256)
);
