package io.gemcap.source;

import io.gemcap.policy.StoragePolicy;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Images under an {@code s3://bucket/prefix}: ListObjectsV2 pages ({@code StartAfter} on resume and between pages), GetObject per image. */
public final class S3ImageSource extends BucketImageSource {

    private final S3Client s3;
    private final int pageSize;

    public S3ImageSource(S3Client s3, BucketUri location, Predicate<String> selected, StoragePolicy policy, int pageSize) {
        super(location, selected, policy);
        this.s3 = s3;
        this.pageSize = pageSize;
    }

    /**
     * Each page starts after the last key of the one before ({@code StartAfter}) rather than at a continuation
     * token: the key is the one position every S3-compatible server reads alike, whereas some hand back a token
     * URL-encoded with the keys and then read it as a key.
     */
    @Override
    protected Page listPage(String prefix, String startAfter, String pageToken) {
        ListObjectsV2Response response = s3.listObjectsV2(ListObjectsV2Request.builder()
                .bucket(location().bucket())
                .prefix(prefix)
                .startAfter(pageToken != null ? pageToken : startAfter)
                .maxKeys(pageSize)
                // Keys may hold characters XML 1.0 cannot carry; URL-encoded, the SDK decodes them again.
                .encodingType(EncodingType.URL)
                .build());
        List<Listed> objects = response.contents().stream().map(o -> new Listed(o.key(), o.size(), etag(o.eTag()))).toList();
        boolean more = Boolean.TRUE.equals(response.isTruncated()) && !objects.isEmpty();
        return new Page(objects, more ? objects.get(objects.size() - 1).key() : null);
    }

    @Override
    protected ImageBytes fetch(Listed object, long maxBytes) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(location().bucket()).key(object.key()))) {
            try {
                return new ImageBytes(ImageSource.readAtMost(in, new ImageRef(object.key(), object.key(), object.size(),
                        object.version()), maxBytes), etag(in.response().eTag()));
            } catch (ImageTooLargeException e) {
                // Closing would drain the rest of the body to reuse the connection; abort drops it instead.
                in.abort();
                throw e;
            }
        } catch (NoSuchKeyException e) {
            throw new ImageGoneException(ImageGoneException.OBJECT_DELETED);
        }
    }

    @Override
    protected byte[] fetchRange(Listed object, long offset, int length) throws IOException {
        if (offset >= object.size()) {
            return new byte[0];
        }
        long last = Math.min(object.size(), offset + length) - 1;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(location().bucket()).key(object.key())
                .range("bytes=" + offset + "-" + last))) {
            return in.readNBytes(length);
        } catch (NoSuchKeyException e) {
            throw new ImageGoneException(ImageGoneException.OBJECT_DELETED);
        }
    }

    /** ETags come quoted on the wire. */
    static String etag(String quoted) {
        return quoted == null ? null : quoted.replace("\"", "");
    }
}
