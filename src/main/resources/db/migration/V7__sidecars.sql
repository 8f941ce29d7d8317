-- The caption sidecars gemcap wrote (<stem>.txt beside an image, or under --sidecars DIR), with the hash of what it
-- wrote: a file there that gemcap did not write, or that was edited since, is left alone unless --force.
CREATE TABLE gemcap_sidecar (
    location         VARCHAR(4096) NOT NULL PRIMARY KEY,
    sha256           VARCHAR(64)   NOT NULL
);
