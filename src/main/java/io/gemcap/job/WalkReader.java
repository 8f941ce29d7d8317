package io.gemcap.job;

import io.gemcap.source.Walked;
import io.gemcap.source.ImageRef;
import io.gemcap.source.ImageSource;
import io.gemcap.source.SkipCounts;
import java.util.Objects;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads images in walk order, each with its place in it, for a batch run's preparation. Its saved state is the
 * listing key of the last image read and its place (a restart continues strictly after it, whatever was added
 * or removed since), and what the walk passed over so far. Not thread-safe: the step reads on one thread.
 */
public class WalkReader implements ItemStreamReader<Walked> {

    private static final String LAST_KEY = "lastKey";
    private static final String POSITION = "position";

    private final String name;
    private final ImageSource source;
    private final long limit;
    private ImageSource.Listing listing;
    private String lastKey;
    private long position;
    private SkipCounts skippedBefore = SkipCounts.NONE;

    /** @param limit the most images to take ({@code --limit}), or 0 for all */
    public WalkReader(String name, ImageSource source, long limit) {
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
        this.limit = limit;
    }

    @Override
    public void open(ExecutionContext context) {
        lastKey = context.containsKey(key(LAST_KEY)) ? context.getString(key(LAST_KEY)) : null;
        position = context.getLong(key(POSITION), 0);
        skippedBefore = CallAheadItemReader.skipped(name, context);
        listing = source.listAfter(lastKey);
    }

    @Override
    public Walked read() {
        if ((limit > 0 && position >= limit) || !listing.hasNext()) {
            return null;
        }
        ImageRef ref = listing.next();
        lastKey = ref.key();
        return new Walked(position++, ref);
    }

    @Override
    public void update(ExecutionContext context) {
        if (lastKey != null) {
            context.putString(key(LAST_KEY), lastKey);
        }
        context.putLong(key(POSITION), position);
        context.putLong(key(CallAheadItemReader.HANDED), position);
        CallAheadItemReader.saveSkipped(name, context, skippedBefore.plus(listing == null ? SkipCounts.NONE : listing.skipped()));
    }

    @Override
    public void close() {
        if (listing != null) {
            listing.close();
        }
    }

    private String key(String suffix) {
        return name + "." + suffix;
    }
}
