-- What calls cost, where they happen: one row per paid call (an image's call, a start-up check, a Batch Mode shard),
-- reserved at its worst case before it is sent and settled to what the service reported. The run's budget and the
-- day's cap are checked against these rows, by every process on this database, under the one lock row below.
-- A row never settled (its process was killed) counts at its worst case; alive_until tells a call still in flight
-- (its process renews it) from one whose process is gone.
CREATE TABLE gemcap_spend (
    id               VARCHAR(64)    NOT NULL PRIMARY KEY,
    job_instance_id  BIGINT,
    spend_day        DATE           NOT NULL,
    kind             VARCHAR(16)    NOT NULL,
    holder           VARCHAR(36),
    worst_usd        DECIMAL(20, 10) NOT NULL,
    cost_usd         DECIMAL(20, 10),
    reserved_at      TIMESTAMP      NOT NULL,
    alive_until      TIMESTAMP
);

CREATE INDEX gemcap_spend_instance ON gemcap_spend (job_instance_id);
CREATE INDEX gemcap_spend_day ON gemcap_spend (spend_day);
CREATE INDEX gemcap_spend_holder ON gemcap_spend (holder);

-- What each day and each run has billed and holds (settled costs, unsettled worst cases), kept with every reservation
-- and settlement, so that a reservation under a limit reads two rows instead of summing the day's calls.
-- scope: 'day:<yyyy-mm-dd>' or 'run:<job instance id>'.
CREATE TABLE gemcap_spend_total (
    scope            VARCHAR(64)    NOT NULL PRIMARY KEY,
    usd              DECIMAL(20, 10) NOT NULL
);

-- Taken (SELECT ... FOR UPDATE) by each reservation, so that two processes cannot both take the last of a limit.
CREATE TABLE gemcap_spend_lock (
    name             VARCHAR(16)    NOT NULL PRIMARY KEY
);

INSERT INTO gemcap_spend_lock (name) VALUES ('spend');

-- What runs of earlier releases paid, as their rows were priced: one settled row per execution, on the day it started,
-- so that a run resumed after the upgrade, and today's cap, count what was spent before it.
INSERT INTO gemcap_spend (id, job_instance_id, spend_day, kind, worst_usd, cost_usd, reserved_at)
SELECT CONCAT('carried-', CAST(r.job_execution_id AS VARCHAR(20))), MIN(r.job_instance_id), CAST(MIN(g.registered_at) AS DATE),
       'carried', SUM(r.cost_usd), SUM(r.cost_usd), MIN(g.registered_at)
FROM gemcap_result r
JOIN gemcap_run g ON g.job_execution_id = r.job_execution_id
WHERE r.source = 'call' AND r.cost_usd IS NOT NULL
GROUP BY r.job_execution_id;

INSERT INTO gemcap_spend_total (scope, usd)
SELECT CONCAT('day:', CAST(spend_day AS VARCHAR(10))), SUM(cost_usd) FROM gemcap_spend GROUP BY spend_day;

INSERT INTO gemcap_spend_total (scope, usd)
SELECT CONCAT('run:', CAST(job_instance_id AS VARCHAR(20))), SUM(cost_usd) FROM gemcap_spend GROUP BY job_instance_id;
