-- Which attempt of its images a shard is: 1 for a shard of the walk; a shard of requests sent again after a transient
-- per-request error (a 5xx, 429 or deadline inside a batch's results) is one more than the shard they failed in.
ALTER TABLE gemcap_batch ADD COLUMN attempt INTEGER DEFAULT 1 NOT NULL;
