-- What was sent and what it cost, per row (appended CSV columns sent_width, sent_height, sent_bytes, cost_usd).
ALTER TABLE gemcap_result ADD COLUMN sent_width INTEGER;
ALTER TABLE gemcap_result ADD COLUMN sent_height INTEGER;
ALTER TABLE gemcap_result ADD COLUMN sent_bytes BIGINT;
ALTER TABLE gemcap_result ADD COLUMN cost_usd DECIMAL(20, 10);

ALTER TABLE gemcap_ledger ADD COLUMN sent_width INTEGER;
ALTER TABLE gemcap_ledger ADD COLUMN sent_height INTEGER;
ALTER TABLE gemcap_ledger ADD COLUMN sent_bytes BIGINT;
ALTER TABLE gemcap_ledger ADD COLUMN cost_usd DECIMAL(20, 10);

-- The ledger is keyed by the whole request, not the prompt alone: the prompt's hash and every setting that changes
-- the answer (detail, media resolution, thinking, answer length). An entry made before had the settings of release
-- 0.1.0, whose fingerprint is the prompt's hash itself: existing keys stay valid as they are.
ALTER TABLE gemcap_ledger RENAME COLUMN prompt_sha256 TO request_sha256;

-- Which version of gemcap's own checks rejected an image (entries of origin 'check'); NULL is the first version, which
-- refused GIF, BMP and files over 20 MB that are now converted or downscaled. An older check's rejection is looked at again.
ALTER TABLE gemcap_ledger ADD COLUMN check_version INTEGER;
