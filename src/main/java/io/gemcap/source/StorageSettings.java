package io.gemcap.source;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How buckets are reached ({@code gemcap.storage.*}). The environment's standard variables win:
 * {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL} and {@code STORAGE_EMULATOR_HOST}.
 *
 * @param pageSize keys per listing page
 * @param s3Endpoint an S3-compatible server (MinIO, Ceph, R2, ...), addressed path-style; empty for AWS itself
 * @param gcsEndpoint a GCS emulator (no credentials are sent to it); empty for Google Cloud Storage itself
 */
@ConfigurationProperties("gemcap.storage")
public record StorageSettings(int pageSize, String s3Endpoint, String gcsEndpoint) {

    public StorageSettings {
        if (pageSize < 1) {
            pageSize = 1000;
        }
    }
}
