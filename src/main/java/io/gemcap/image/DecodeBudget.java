package io.gemcap.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import javax.imageio.ImageTypeSpecifier;

/**
 * The memory every thread decoding images may hold at once, in bytes of decoded pixels: each conversion takes what its
 * picture will need before the decoder allocates it and gives it back when the conversion is done. A small file can
 * declare a picture of gigabytes (a 1.1 MB PNG of 12000x12000 16-bit pixels decodes to 1.1 GB), and several at once
 * would exhaust the heap and fail the run; with the budget they wait their turn in arrival order, and a picture larger
 * than the whole budget is refused at once, before any pixel is decoded. Thread-safe.
 */
public final class DecodeBudget {

    private final long capacity;
    private final String origin;
    private final Deque<Claim> waiting = new ArrayDeque<>();
    private long available;

    /**
     * @param capacity the bytes of decoded pixels all threads may hold together
     * @param origin how the capacity was set, for the message of an image over it
     */
    public DecodeBudget(long capacity, String origin) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a decoding budget must be at least 1 byte, was " + capacity);
        }
        this.capacity = capacity;
        this.available = capacity;
        this.origin = origin;
    }

    /** A budget of {@code share} of this JVM's largest heap ({@code -Xmx}). */
    public static DecodeBudget ofHeap(double share) {
        long heap = Runtime.getRuntime().maxMemory();
        return new DecodeBudget((long) (heap * share), String.format(Locale.ROOT, "%.0f %% of the %s heap, gemcap.image.decode-heap-share",
                share * 100, size(heap)));
    }

    /** What one conversion holds: empty until it {@link Claim#take takes} its share, given back by {@link Claim#close}. */
    public Claim claim() {
        return new Claim();
    }

    /**
     * The bytes a decoder will allocate for a {@code width}x{@code height} image read at every {@code subsampling}-th
     * pixel into a picture of {@code type}, with the 8-bit sRGB copy {@link SrgbPixels} makes of any other layout.
     */
    static long decodedBytes(int width, int height, int subsampling, ImageTypeSpecifier type) {
        long pixels = (long) ceilDiv(width, subsampling) * ceilDiv(height, subsampling);
        SampleModel samples = type.getSampleModel(1, 1);
        long perPixel = Math.max(1, (long) samples.getNumDataElements() * DataBuffer.getDataTypeSize(samples.getDataType()) / 8);
        int layout = type.getBufferedImageType();
        boolean direct = layout == BufferedImage.TYPE_3BYTE_BGR || layout == BufferedImage.TYPE_INT_RGB
                || layout == BufferedImage.TYPE_INT_ARGB;
        return pixels * (perPixel + (direct ? 0 : Integer.BYTES));
    }

    private synchronized void acquire(Claim claim, long bytes) throws InterruptedException {
        waiting.addLast(claim);
        try {
            while (waiting.peekFirst() != claim || available < bytes) {
                wait();
            }
            available -= bytes;
        } finally {
            waiting.remove(claim);
            notifyAll();
        }
    }

    private synchronized void release(long bytes) {
        available += bytes;
        notifyAll();
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        return bytes >= 1L << 20 ? (bytes >> 20) + " MB" : bytes + " bytes";
    }

    /** One conversion's share of the budget. Not thread-safe: one thread converts one image. */
    public final class Claim implements AutoCloseable {

        private long held;

        private Claim() {
        }

        /**
         * Waits, behind conversions that asked earlier, until {@code bytes} are free and takes them.
         *
         * @param what the picture, for the message ("12000x12000 PNG")
         * @throws Exceeded when {@code bytes} are more than the whole budget, or the wait is interrupted
         */
        void take(long bytes, String what) throws Exceeded {
            if (held + bytes > capacity) {
                throw new Exceeded(String.format(Locale.ROOT, "decoding this %s needs %s of memory, more than the %s all decoding"
                        + " may take at once (%s): give Java a larger heap (GEMCAP_JAVA_OPTS=-Xmx...) or choose a lower --detail",
                        what, size(held + bytes), size(capacity), origin));
            }
            try {
                acquire(this, bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Exceeded("interrupted while waiting for memory to decode this " + what);
            }
            held += bytes;
        }

        @Override
        public void close() {
            if (held > 0) {
                release(held);
                held = 0;
            }
        }
    }

    /**
     * An image that cannot be decoded within the budget: not a defect of the file (a larger heap or a lower detail takes
     * it), so its row is failed, to be tried again, not rejected.
     */
    public static final class Exceeded extends ImageDefect {

        Exceeded(String reason) {
            super(reason);
        }
    }
}
