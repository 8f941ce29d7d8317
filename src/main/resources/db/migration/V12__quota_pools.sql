-- The quota of a pool (the processes sharing one Google project's rate limits) for one model, shared by every gemcap
-- process on this job database: the schedule of request slots, the learnt rate, the calls answered in the last two
-- minutes (to learn from), the day's requests, and the lowest limits live processes configured. Times are
-- microseconds of the database's clock. round_trips counts the leases and reports, a version for compare-and-set.
CREATE TABLE gemcap_quota (
    pool               VARCHAR(100)     NOT NULL,
    model              VARCHAR(200)     NOT NULL,
    next_slot_us       BIGINT           NOT NULL,
    learnt_rpm         DOUBLE PRECISION NOT NULL,
    lowered_at_us      BIGINT           NOT NULL,
    window_start_us    BIGINT           NOT NULL,
    window_ok          BIGINT           NOT NULL,
    previous_window_ok BIGINT           NOT NULL,
    quota_day          VARCHAR(10)      NOT NULL,
    day_requests       BIGINT           NOT NULL,
    least_rpm          BIGINT           NOT NULL,
    least_rpm_seen_us  BIGINT           NOT NULL,
    least_tpm          BIGINT           NOT NULL,
    least_tpm_seen_us  BIGINT           NOT NULL,
    least_rpd          BIGINT           NOT NULL,
    least_rpd_seen_us  BIGINT           NOT NULL,
    round_trips        BIGINT           NOT NULL,
    PRIMARY KEY (pool, model)
);

-- Batch Mode's limits are the project's too (batches pending or running, tokens enqueued per model): a batch records
-- the pool and model it counts against and when it was submitted (the service drops a batch after 48 hours), so every
-- process of the pool counts every run's batches. Rows of earlier releases have none: they count for their own run.
ALTER TABLE gemcap_batch ADD COLUMN quota_pool VARCHAR(100);
ALTER TABLE gemcap_batch ADD COLUMN model VARCHAR(200);
ALTER TABLE gemcap_batch ADD COLUMN submitted_at TIMESTAMP;
