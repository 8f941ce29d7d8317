-- Answers that were paid for and did not follow the run's schema (not JSON, a required field missing, ...), by content
-- and request: after three for the same request, the image gets a rejected row instead of a fourth paid call.
CREATE TABLE gemcap_answer_failure (
    sha256           VARCHAR(64)   NOT NULL,
    model            VARCHAR(128)  NOT NULL,
    request_sha256   VARCHAR(64)   NOT NULL,
    failures         INTEGER       NOT NULL,
    PRIMARY KEY (sha256, model, request_sha256)
);
