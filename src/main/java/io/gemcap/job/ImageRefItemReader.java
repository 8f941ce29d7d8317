package io.gemcap.job;

import io.gemcap.source.ImageRef;
import io.gemcap.source.ImageSource;
import io.gemcap.source.SkipCounts;
import java.util.Objects;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads {@link ImageRef}s from an {@link ImageSource}. Its saved state is the path of the last image
 * read when the chunk committed, so a restart continues strictly after it in walk order, even when
 * files were added or removed in between (a count would land on the wrong file). Not thread-safe:
 * the step reads on one thread.
 */
public class ImageRefItemReader implements ItemStreamReader<ImageRef> {

    private static final String LAST_PATH = "lastPath";
    private static final String SKIPPED_HIDDEN = "skipped.hidden";
    private static final String SKIPPED_OTHER = "skipped.otherTypes";
    private static final String SKIPPED_LOOPS = "skipped.symlinkLoops";
    private static final String SKIPPED_UNREADABLE = "skipped.unreadable";

    private final String name;
    private final ImageSource source;
    private ImageSource.Listing listing;
    private String lastPath;
    private SkipCounts skippedBefore = SkipCounts.NONE;

    public ImageRefItemReader(String name, ImageSource source) {
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public void open(ExecutionContext context) {
        lastPath = context.containsKey(key(LAST_PATH)) ? context.getString(key(LAST_PATH)) : null;
        skippedBefore = new SkipCounts(context.getLong(key(SKIPPED_HIDDEN), 0), context.getLong(key(SKIPPED_OTHER), 0),
                context.getLong(key(SKIPPED_LOOPS), 0), context.getLong(key(SKIPPED_UNREADABLE), 0));
        listing = source.listAfter(lastPath);
    }

    @Override
    public ImageRef read() {
        if (!listing.hasNext()) {
            return null;
        }
        ImageRef ref = listing.next();
        lastPath = ref.path();
        return ref;
    }

    @Override
    public void update(ExecutionContext context) {
        if (lastPath != null) {
            context.putString(key(LAST_PATH), lastPath);
        }
        SkipCounts skipped = skipped();
        context.putLong(key(SKIPPED_HIDDEN), skipped.hidden());
        context.putLong(key(SKIPPED_OTHER), skipped.otherTypes());
        context.putLong(key(SKIPPED_LOOPS), skipped.symlinkLoops());
        context.putLong(key(SKIPPED_UNREADABLE), skipped.unreadable());
    }

    @Override
    public void close() {
        if (listing != null) {
            listing.close();
        }
    }

    /** Everything passed over, in this execution and the ones it resumes. */
    public SkipCounts skipped() {
        return listing == null ? skippedBefore : skippedBefore.plus(listing.skipped());
    }

    /** Reads skip counts back from a finished step's context. */
    public static SkipCounts skipped(String name, ExecutionContext context) {
        return new SkipCounts(context.getLong(name + "." + SKIPPED_HIDDEN, 0), context.getLong(name + "." + SKIPPED_OTHER, 0),
                context.getLong(name + "." + SKIPPED_LOOPS, 0), context.getLong(name + "." + SKIPPED_UNREADABLE, 0));
    }

    private String key(String suffix) {
        return name + "." + suffix;
    }
}
