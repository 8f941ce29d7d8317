package io.gemcap.source;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import io.gemcap.policy.StoragePolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Images under a {@code gs://bucket/prefix}: JSON API listing pages ({@code startOffset} on resume), and
 * each object read at the generation listed, so what is captioned is what was listed.
 */
public final class GcsImageSource extends BucketImageSource {

    private final Storage storage;
    private final int pageSize;

    public GcsImageSource(Storage storage, BucketUri location, Predicate<String> selected, StoragePolicy policy, int pageSize) {
        super(location, selected, policy);
        this.storage = storage;
        this.pageSize = pageSize;
    }

    @Override
    protected BucketImageSource.Page listPage(String prefix, String startAfter, String pageToken) {
        List<Storage.BlobListOption> options = new ArrayList<>();
        options.add(Storage.BlobListOption.prefix(prefix));
        options.add(Storage.BlobListOption.pageSize(pageSize));
        if (startAfter != null) {
            options.add(Storage.BlobListOption.startOffset(startAfter));
        }
        if (pageToken != null) {
            options.add(Storage.BlobListOption.pageToken(pageToken));
        }
        com.google.api.gax.paging.Page<Blob> page = storage.list(location().bucket(), options.toArray(Storage.BlobListOption[]::new));
        List<Listed> objects = new ArrayList<>();
        for (Blob blob : page.getValues()) {
            objects.add(new Listed(blob.getName(), blob.getSize() == null ? 0 : blob.getSize(), String.valueOf(blob.getGeneration())));
        }
        String next = page.getNextPageToken();
        return new BucketImageSource.Page(objects, next == null || next.isEmpty() ? null : next);
    }

    @Override
    protected ImageBytes fetch(Listed object, long maxBytes) throws IOException {
        try {
            // A generation never changes, and GCS reports its size exactly: the listed size bounds this read.
            byte[] bytes = storage.readAllBytes(BlobId.of(location().bucket(), object.key(), Long.valueOf(object.version())));
            if (bytes.length > maxBytes) {
                throw new ImageTooLargeException(object.size(), maxBytes);
            }
            return new ImageBytes(bytes, object.version());
        } catch (com.google.cloud.storage.StorageException e) {
            if (e.getCode() == 404) {
                throw new ImageGoneException(ImageGoneException.OBJECT_REPLACED);
            }
            throw e;
        }
    }

    @Override
    protected byte[] fetchRange(Listed object, long offset, int length) throws IOException {
        try (com.google.cloud.ReadChannel reader = storage.reader(BlobId.of(location().bucket(), object.key(),
                Long.valueOf(object.version())))) {
            reader.seek(offset);
            reader.limit(offset + length);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && reader.read(buffer) > 0) {
                // reads until full or at the end
            }
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (com.google.cloud.storage.StorageException e) {
            if (e.getCode() == 404) {
                throw new ImageGoneException(ImageGoneException.OBJECT_REPLACED);
            }
            throw e;
        }
    }
}
