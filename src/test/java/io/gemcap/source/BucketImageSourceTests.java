package io.gemcap.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gemcap.policy.BreakerSettings;
import io.gemcap.policy.RetrySettings;
import io.gemcap.policy.StoragePolicy;
import io.gemcap.policy.StorageUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class BucketImageSourceTests {

    private static final RetrySettings QUICK = new RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1));

    /** A store in memory, paged by key like S3's StartAfter; it can fail pages and repeat keys across pages. */
    private static final class InMemoryBucket extends BucketImageSource {
        final TreeMap<String, Integer> objects = new TreeMap<>();
        final List<String> pagesAfter = new ArrayList<>();
        final AtomicInteger failPages = new AtomicInteger();
        final java.util.Set<String> failingReads = new java.util.HashSet<>();
        final int pageSize;
        boolean repeatLastKeyOfEachPage;
        boolean stuck;

        InMemoryBucket(String uri, Predicate<String> selected, int pageSize) {
            super(BucketUri.parse(uri).orElseThrow(), selected,
                    new StoragePolicy("test", QUICK, new BreakerSettings(4, 100, null, null), e -> e instanceof IOException && e.getMessage().equals("503")));
            this.pageSize = pageSize;
        }

        @Override
        protected Page listPage(String prefix, String startAfter, String pageToken) throws IOException {
            String after = pageToken != null ? pageToken : startAfter;
            pagesAfter.add(String.valueOf(after));
            if (failPages.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException("503");
            }
            var tail = after == null || stuck ? objects.tailMap(prefix, true) : objects.tailMap(after, repeatLastKeyOfEachPage);
            List<Listed> page = tail.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).limit(pageSize)
                    .map(e -> new Listed(e.getKey(), e.getValue(), "v1")).toList();
            boolean more = tail.keySet().stream().filter(k -> k.startsWith(prefix)).count() > page.size();
            return new Page(page, more ? page.get(page.size() - 1).key() : null);
        }

        @Override
        protected ImageBytes fetch(Listed object, long maxBytes) throws IOException {
            if (failingReads.contains(object.key())) {
                throw new IOException("503");
            }
            return new ImageBytes(new byte[(int) object.size()], object.version());
        }

        @Override
        protected byte[] fetchRange(Listed object, long offset, int length) throws IOException {
            return fetch(object, Long.MAX_VALUE).bytes();
        }
    }

    private static List<String> keys(BucketImageSource source, String after) {
        List<String> keys = new ArrayList<>();
        try (ImageSource.Listing listing = source.listAfter(after)) {
            listing.forEachRemaining(ref -> keys.add(ref.key()));
        }
        return keys;
    }

    private static InMemoryBucket bucket(int pageSize, String... keys) {
        InMemoryBucket bucket = new InMemoryBucket("s3://photos/archive", path -> true, pageSize);
        for (String key : keys) {
            bucket.objects.put(key, 10);
        }
        return bucket;
    }

    @Test
    void takesImagesUnderThePrefixAsAFolderPageByPageCountingWhatItPassesOver() {
        InMemoryBucket bucket = bucket(2, "archive/a.png", "archive/b/c.JPG", "archive/b/", "archive/.thumbs/x.png",
                "archive/b/.hidden.png", "archive/notes.txt", "archive2/other.png", "archive/z.webp");
        try (ImageSource.Listing listing = bucket.listAfter(null)) {
            List<ImageRef> refs = new ArrayList<>();
            listing.forEachRemaining(refs::add);
            assertThat(refs).extracting(ImageRef::path)
                    .containsExactly("s3://photos/archive/a.png", "s3://photos/archive/b/c.JPG", "s3://photos/archive/z.webp");
            assertThat(refs.get(0)).isEqualTo(new ImageRef("s3://photos/archive/a.png", "archive/a.png", 10, "v1"));
            assertThat(listing.skipped()).isEqualTo(new SkipCounts(2, 1, 0, 0, 0));
        }
        assertThat(bucket.pagesAfter).hasSize(4);
    }

    @Test
    void resumesStrictlyAfterTheLastDoneKeyWithoutListingFromTheStart() {
        InMemoryBucket bucket = bucket(2, "archive/1.png", "archive/2.png", "archive/3.png", "archive/4.png");
        assertThat(keys(bucket, "archive/2.png")).containsExactly("archive/3.png", "archive/4.png");
        assertThat(bucket.pagesAfter.get(0)).isEqualTo("archive/2.png");
        // a last key deleted since is still a position
        assertThat(keys(bucket, "archive/25.png")).containsExactly("archive/3.png", "archive/4.png");
    }

    @Test
    void keysRepeatedAcrossPagesAreTakenOnceAndTransientPageErrorsAreRetried() {
        InMemoryBucket bucket = bucket(2, "archive/1.png", "archive/2.png", "archive/3.png", "archive/4.png", "archive/5.png");
        bucket.repeatLastKeyOfEachPage = true;
        bucket.failPages.set(2);
        assertThat(keys(bucket, null)).containsExactly("archive/1.png", "archive/2.png", "archive/3.png", "archive/4.png",
                "archive/5.png");
    }

    @Test
    void aListingThatDoesNotAdvanceStopsInsteadOfLooping() {
        InMemoryBucket bucket = bucket(2, "archive/1.png", "archive/2.png", "archive/3.png");
        bucket.stuck = true;
        assertThatThrownBy(() -> keys(bucket, null)).isInstanceOf(StorageException.class)
                .hasMessage("cannot list s3://photos/archive/: the server answered the same page twice (its listing does not"
                        + " advance past archive/2.png)");
    }

    @Test
    void oneObjectThatKeepsFailingCostsItsRowButAStoreThatKeepsFailingStopsTheRun() throws IOException {
        InMemoryBucket bucket = bucket(10, "archive/1.png", "archive/2.png", "archive/3.png", "archive/4.png", "archive/5.png");
        List<ImageRef> refs = new ArrayList<>();
        try (ImageSource.Listing listing = bucket.listAfter(null)) {
            listing.forEachRemaining(refs::add);
        }
        bucket.failingReads.add("archive/1.png");
        assertThatThrownBy(() -> bucket.read(refs.get(0), 100)).isInstanceOf(IOException.class).hasMessage("cannot read object: 503");
        assertThat(bucket.read(refs.get(1), 100).bytes()).hasSize(10);

        bucket.failingReads.addAll(List.of("archive/2.png", "archive/3.png", "archive/4.png", "archive/5.png"));
        for (int i = 1; i < 4; i++) {
            ImageRef ref = refs.get(i);
            assertThatThrownBy(() -> bucket.read(ref, 100)).isInstanceOf(IOException.class).isNotInstanceOf(StorageUnavailableException.class);
        }
        // the read that makes the window all failures opens the breaker: it, and every read after it, stop the run
        for (ImageRef ref : List.of(refs.get(4), refs.get(0))) {
            assertThatThrownBy(() -> bucket.read(ref, 100)).isInstanceOf(StorageUnavailableException.class)
                    .hasMessageStartingWith("test storage counts as down: 4 of the last 4 calls failed after 3 attempts each")
                    .hasMessageEndingWith("; run the same command to resume");
        }
    }

    @Test
    void globsApplyToTheKeyBelowThePrefix() {
        InMemoryBucket bucket = new InMemoryBucket("s3://photos/archive/", FolderImageSource.globs(List.of("2024/**"), List.of("*.png")), 10);
        bucket.objects.put("archive/2024/a.jpg", 1);
        bucket.objects.put("archive/2024/b.png", 1);
        bucket.objects.put("archive/2023/c.jpg", 1);
        try (ImageSource.Listing listing = bucket.listAfter(null)) {
            List<String> keys = new ArrayList<>();
            listing.forEachRemaining(ref -> keys.add(ref.key()));
            assertThat(keys).containsExactly("archive/2024/a.jpg");
            assertThat(listing.skipped().excluded()).isEqualTo(2);
        }
    }
}
