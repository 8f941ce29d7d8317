package io.gemcap.source;

import io.gemcap.policy.StorageRetry;
import java.io.IOException;
import java.util.function.Predicate;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Images under an {@code s3://bucket/prefix}: ListObjectsV2 pages ({@code StartAfter} on resume), GetObject per image. */
public final class S3ImageSource extends BucketImageSource {

    private final S3Client s3;
    private final int pageSize;

    public S3ImageSource(S3Client s3, BucketUri location, Predicate<String> selected, StorageRetry retry, int pageSize) {
        super(location, selected, retry);
        this.s3 = s3;
        this.pageSize = pageSize;
    }

    @Override
    protected Page listPage(String prefix, String startAfter, String pageToken) {
        ListObjectsV2Response response = s3.listObjectsV2(ListObjectsV2Request.builder()
                .bucket(location().bucket())
                .prefix(prefix)
                // S3 ignores StartAfter once a continuation token is given; some compatible servers refuse the pair.
                .startAfter(pageToken == null ? startAfter : null)
                .continuationToken(pageToken)
                .maxKeys(pageSize)
                .build());
        return new Page(response.contents().stream().map(o -> new Listed(o.key(), o.size(), etag(o.eTag()))).toList(),
                Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null);
    }

    @Override
    protected ImageBytes fetch(Listed object) throws IOException {
        try {
            ResponseBytes<GetObjectResponse> read = s3.getObjectAsBytes(b -> b.bucket(location().bucket()).key(object.key()));
            return new ImageBytes(read.asByteArrayUnsafe(), etag(read.response().eTag()));
        } catch (NoSuchKeyException e) {
            throw new ImageGoneException("object was deleted after it was listed");
        }
    }

    /** ETags come quoted on the wire. */
    static String etag(String quoted) {
        return quoted == null ? null : quoted.replace("\"", "");
    }
}
