package io.gemcap.source;

import io.gemcap.policy.StoragePolicy;
import io.gemcap.policy.StorageUnavailableException;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Images under a bucket prefix, listed a page at a time in the store's key order, so neither the
 * listing nor the objects are ever held whole. An object is read only when its image is processed.
 * Keys are taken like a folder's paths: a key with a segment starting with a dot is hidden, one
 * without an image extension is another type, a "directory" marker (ending in {@code /}) is no object.
 * Every page and every read goes through the store's {@link StoragePolicy}.
 */
public abstract class BucketImageSource implements ImageSource {

    /** One object as the listing reports it. */
    protected record Listed(String key, long size, String version) {
    }

    /** One page of a listing and the token of the next, or {@code null} after the last. */
    protected record Page(List<Listed> objects, String nextToken) {
    }

    private final BucketUri location;
    private final Predicate<String> selected;
    private final StoragePolicy policy;

    protected BucketImageSource(BucketUri location, Predicate<String> selected, StoragePolicy policy) {
        this.location = Objects.requireNonNull(location, "location");
        this.selected = Objects.requireNonNull(selected, "selected");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * One page of keys under {@code prefix}, in key order, strictly after {@code startAfter} (or from the
     * start when {@code null}).
     */
    protected abstract Page listPage(String prefix, String startAfter, String pageToken) throws IOException;

    /**
     * The bytes of one object as listed, at most {@code maxBytes} of them.
     *
     * @throws ImageGoneException when it no longer exists (or, where the store pins versions, was replaced)
     * @throws ImageTooLargeException when it holds more than {@code maxBytes}
     */
    protected abstract ImageBytes fetch(Listed object, long maxBytes) throws IOException;

    /** Reads a range of the object's bytes (a ranged GET). */
    protected abstract byte[] fetchRange(Listed object, long offset, int length) throws IOException;

    public BucketUri location() {
        return location;
    }

    @Override
    public Listing listAfter(String lastDoneKey) {
        return new Walk(lastDoneKey);
    }

    /**
     * Errors of one object (one this identity may not read, one archived to cold storage, one that failed all
     * its attempts) become its row's reason; a store that counts as down stops the run.
     */
    @Override
    public ImageBytes read(ImageRef ref, long maxBytes) throws IOException {
        Listed object = new Listed(ref.key(), ref.size(), ref.version());
        try {
            return policy.call(() -> fetch(object, maxBytes));
        } catch (StorageUnavailableException | ImageGoneException | ImageTooLargeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new IOException("cannot read object: " + message, e);
        }
    }

    @Override
    public byte[] readRange(ImageRef ref, long offset, int length) throws IOException {
        Listed object = new Listed(ref.key(), ref.size(), ref.version());
        try {
            return policy.call(() -> fetchRange(object, offset, length));
        } catch (StorageUnavailableException | ImageGoneException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new IOException("cannot read object: " + message, e);
        }
    }

    private final class Walk extends AdvancingListing {

        private final String startAfter;
        private final String prefix = location.folderPrefix();
        private Iterator<Listed> page = List.<Listed>of().iterator();
        /**
         * The last key listed (at first, the one to start after): GCS's startOffset, and some S3-compatible
         * servers' StartAfter, list it again at the head of the next page.
         */
        private String previousKey;
        private String nextToken;
        private boolean lastPage;
        private long hidden;
        private long otherTypes;
        private long excluded;

        Walk(String startAfter) {
            this.startAfter = startAfter;
            this.previousKey = startAfter;
        }

        @Override
        protected ImageRef advance() {
            while (true) {
                if (!page.hasNext()) {
                    if (lastPage) {
                        return null;
                    }
                    Page fetched = fetchPage();
                    if (fetched.nextToken() != null && fetched.nextToken().equals(nextToken)) {
                        throw new StorageException("cannot list " + location.uriOf(prefix) + ": the server answered the same page"
                                + " twice (its listing does not advance past " + nextToken + ")", null);
                    }
                    page = fetched.objects().iterator();
                    nextToken = fetched.nextToken();
                    lastPage = nextToken == null;
                    continue;
                }
                ImageRef taken = take(page.next());
                if (taken != null) {
                    return taken;
                }
            }
        }

        @Override
        public SkipCounts skipped() {
            return new SkipCounts(hidden, otherTypes, excluded, 0, 0);
        }

        @Override
        public void close() {
            page = List.<Listed>of().iterator();
            lastPage = true;
        }

        private Page fetchPage() {
            try {
                return policy.call(() -> listPage(prefix, startAfter, nextToken));
            } catch (IOException | RuntimeException e) {
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                throw new StorageException("cannot list " + location.uriOf(prefix) + ": " + message, e);
            }
        }

        private ImageRef take(Listed object) {
            String key = object.key();
            boolean again = key.equals(previousKey);
            previousKey = key;
            if (again || key.endsWith("/") || !key.startsWith(prefix)) {
                return null;
            }
            String relative = key.substring(prefix.length());
            if (relative.startsWith(".") || relative.contains("/.")) {
                hidden++;
                return null;
            }
            if (!FolderImageSource.isImageName(relative.substring(relative.lastIndexOf('/') + 1))) {
                otherTypes++;
                return null;
            }
            if (!selected.test(relative)) {
                excluded++;
                return null;
            }
            return new ImageRef(location.uriOf(key), key, object.size(), object.version());
        }
    }
}
