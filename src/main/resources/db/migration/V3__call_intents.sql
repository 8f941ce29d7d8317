-- The images each execution sent a call for, recorded as the calls start: after a crash, the resumed run
-- can say how many of its calls were paid a second time (sent by the killed run, never committed).
-- A run's entries are deleted when the job's next run starts.
CREATE TABLE gemcap_call_intent (
    job_instance_id  BIGINT        NOT NULL,
    job_execution_id BIGINT        NOT NULL,
    path             VARCHAR(4096) NOT NULL
);

CREATE INDEX gemcap_call_intent_instance ON gemcap_call_intent (job_instance_id);
