-- What a run's walk found, once, by place in walk order: the caption step's partitions are ranges of these places, so
-- no partition walks the input again. A run's rows are dropped once its CSV is published.
-- file_uri: the file as the walk found it, for a name that is not UTF-8 (its URI keeps the bytes); NULL otherwise.
CREATE TABLE gemcap_walk (
    job_instance_id  BIGINT        NOT NULL,
    walk_position    BIGINT        NOT NULL,
    path             VARCHAR(4096) NOT NULL,
    list_key         VARCHAR(4096) NOT NULL,
    listed_size      BIGINT        NOT NULL,
    version          VARCHAR(255),
    file_uri         VARCHAR(16384),
    PRIMARY KEY (job_instance_id, walk_position)
);
