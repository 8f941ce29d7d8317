package io.gemcap.source;

import java.util.NoSuchElementException;

/** A listing that finds its next image only when asked: subclasses say how to advance, this keeps the one found. */
abstract class AdvancingListing implements ImageSource.Listing {

    private ImageRef next;

    /** The next image of the walk, or {@code null} at its end. */
    protected abstract ImageRef advance();

    @Override
    public final boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public final ImageRef next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ImageRef ref = next;
        next = null;
        return ref;
    }
}
