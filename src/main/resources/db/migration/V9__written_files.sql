-- Files gemcap writes beside the user's own (the HTML report), with the hash of each content it wrote there: a file at
-- such a place whose content gemcap did not write (the user's, or edited since) is not replaced. A location may hold
-- two hashes for a moment: the new one is recorded before the file is moved into place, the old one forgotten after.
CREATE TABLE gemcap_written_file (
    location         VARCHAR(4096) NOT NULL,
    sha256           VARCHAR(64)   NOT NULL,
    PRIMARY KEY (location, sha256)
);
