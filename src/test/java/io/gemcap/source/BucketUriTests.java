package io.gemcap.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BucketUriTests {

    @Test
    void parsesS3AndGcsLocationsAndLeavesLocalPathsAlone() {
        assertThat(BucketUri.parse("s3://Archive/photos/2024")).contains(new BucketUri(BucketUri.Scheme.S3, "archive", "photos/2024"));
        assertThat(BucketUri.parse("GS://bucket")).contains(new BucketUri(BucketUri.Scheme.GS, "bucket", ""));
        assertThat(BucketUri.parse("/data/s3://x")).isEmpty();
        assertThat(BucketUri.parse("photos")).isEmpty();
    }

    @Test
    void aPrefixIsTakenAsAFolderAndObjectsAreNamedByFullUri() {
        BucketUri photos = BucketUri.parse("s3://archive/photos").orElseThrow();
        assertThat(photos.folderPrefix()).isEqualTo("photos/");
        assertThat(BucketUri.parse("s3://archive/photos/").orElseThrow().folderPrefix()).isEqualTo("photos/");
        assertThat(BucketUri.parse("s3://archive").orElseThrow().folderPrefix()).isEmpty();
        assertThat(photos.uriOf("photos/café 1.png")).isEqualTo("s3://archive/photos/café 1.png");
    }
}
