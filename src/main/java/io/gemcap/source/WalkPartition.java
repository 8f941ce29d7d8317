package io.gemcap.source;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One partition of a run's walk (a range of places in the walk table) as an {@link ImageSource}: each listing starts at
 * its first image without a row, so a partition resumes after its last commit and never writes a row the run has already.
 * Reads go to the run's source. Not final: a step-scoped bean.
 */
public class WalkPartition implements ImageSource {

    /** Places listed per query: a listing holds at most this many refs at a time. */
    private static final int PAGE = 500;

    private final JdbcTemplate jdbc;
    private final long jobInstanceId;
    private final long from;
    private final long to;
    private final ImageSource source;
    private final Map<String, Long> positions = new ConcurrentHashMap<>();

    WalkPartition(JdbcTemplate jdbc, long jobInstanceId, long from, long to, ImageSource source) {
        this.jdbc = jdbc;
        this.jobInstanceId = jobInstanceId;
        this.from = from;
        this.to = to;
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * The place in walk order of an image this partition listed, asked once, as its row is written: forgotten then, so a
     * partition of a large walk holds only the places of the images in flight.
     */
    public long position(String path) {
        Long position = positions.remove(path);
        if (position == null) {
            throw new IllegalStateException("not an image of this partition: " + path);
        }
        return position;
    }

    /** Lists the partition's images without a row, in walk order; the key is not needed (the rows say what is done). */
    @Override
    public Listing listAfter(String lastDoneKey) {
        return new Listing() {
            private final Deque<Walked> page = new ArrayDeque<>();
            private long next = from;
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                if (page.isEmpty() && !exhausted) {
                    fill();
                }
                return !page.isEmpty();
            }

            @Override
            public ImageRef next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Walked walked = page.removeFirst();
                positions.put(walked.ref().path(), walked.position());
                return walked.ref();
            }

            private void fill() {
                List<Walked> rows = jdbc.query("SELECT w.walk_position, w.path, w.list_key, w.listed_size, w.version, w.file_uri"
                        + " FROM gemcap_walk w WHERE w.job_instance_id = ? AND w.walk_position >= ? AND w.walk_position < ?"
                        + " AND NOT EXISTS (SELECT 1 FROM gemcap_result r WHERE r.job_instance_id = w.job_instance_id"
                        + " AND r.path = w.path) ORDER BY w.walk_position LIMIT " + PAGE, (rs, n) -> {
                            String uri = rs.getString("file_uri");
                            return new Walked(rs.getLong("walk_position"), new ImageRef(rs.getString("path"), rs.getString("list_key"),
                                    rs.getLong("listed_size"), rs.getString("version"), uri == null ? null : Path.of(URI.create(uri))));
                        }, jobInstanceId, next, to);
                page.addAll(rows);
                exhausted = rows.size() < PAGE;
                if (!rows.isEmpty()) {
                    next = rows.get(rows.size() - 1).position() + 1;
                }
            }

            @Override
            public SkipCounts skipped() {
                // The walk step counted what it passed over.
                return SkipCounts.NONE;
            }

            @Override
            public void close() {
                page.clear();
            }
        };
    }

    @Override
    public ImageBytes read(ImageRef ref, long maxBytes) throws IOException {
        return source.read(ref, maxBytes);
    }

    @Override
    public byte[] readRange(ImageRef ref, long offset, int length) throws IOException {
        return source.readRange(ref, offset, length);
    }
}
