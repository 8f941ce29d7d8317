package io.gemcap.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records, as each paid call goes out (after its rate-limit permit), which image this execution sent it for
 * ({@code gemcap_call_intent}), so that after a crash or a stop the resumed run can count the calls it pays a second time
 * ({@link io.gemcap.output.ResultsTable#sentAgain}). Written in the
 * background in small batches (a write per call would cost more than the call's own bookkeeping);
 * a call killed within a batch interval of its start may go unrecorded. Its writer starts with the first
 * call; {@link #close()} writes what is left. A call whose request went out but was not paid for (refused with a 429 or
 * a 5xx, not answered in time) and was given up at a stop instead of retried is {@linkplain #withdraw withdrawn}: sending
 * it again is a retry, not a second payment.
 */
public class CallIntents implements AutoCloseable {

    private static final long BATCH_MILLIS = 50;

    private final JdbcTemplate jdbc;
    private final long instanceId;
    private final long executionId;
    /** Paths in the order told; a withdrawn one is marked, so that it is written after the note it takes back. */
    private final BlockingQueue<Note> pending = new LinkedBlockingQueue<>();
    private Thread writer;
    private volatile boolean closing;

    public CallIntents(JdbcTemplate jdbc, long instanceId, long executionId) {
        this.jdbc = jdbc;
        this.instanceId = instanceId;
        this.executionId = executionId;
    }

    private record Note(String path, boolean withdrawn) {
    }

    /** A call for this image is going out now. Thread-safe. */
    public void sending(String path) {
        synchronized (this) {
            if (writer == null) {
                writer = new Thread(this::writeUntilClosed, "gemcap-call-intents");
                writer.setDaemon(true);
                writer.start();
            }
        }
        pending.add(new Note(path, false));
    }

    /** The call told for this image was given up unpaid, before it could be answered. Thread-safe. */
    public void withdraw(String path) {
        pending.add(new Note(path, true));
    }

    /**
     * Writes what is left and stops the writer. (Never by interrupting it: an interrupt in the middle of a
     * write makes H2 close its file, and the database with it, for the whole process.)
     */
    @Override
    public synchronized void close() {
        closing = true;
        if (writer != null) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writer = null;
        }
        flush();
    }

    private void writeUntilClosed() {
        try {
            while (!closing) {
                Note first = pending.poll(BATCH_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    List<Note> batch = new ArrayList<>(List.of(first));
                    pending.drainTo(batch);
                    try {
                        write(batch);
                    } catch (org.springframework.dao.DataAccessException e) {
                        if (!io.gemcap.jobdb.JobDatabaseConnection.lostIn(List.of(e))) {
                            throw e;
                        }
                        // The job database is out of reach for now (its server restarting): written with the next batch.
                        pending.addAll(batch);
                        Thread.sleep(BATCH_MILLIS);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flush() {
        List<Note> batch = new ArrayList<>();
        pending.drainTo(batch);
        write(batch);
    }

    /** Inserts the notes of calls sent, then deletes those withdrawn (whose note may be in this batch or an earlier one). */
    private void write(List<Note> notes) {
        insert(notes.stream().filter(note -> !note.withdrawn()).map(Note::path).toList());
        List<String> withdrawn = notes.stream().filter(Note::withdrawn).map(Note::path).toList();
        if (!withdrawn.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM gemcap_call_intent WHERE job_execution_id = ? AND path = ?", withdrawn, withdrawn.size(),
                    (ps, path) -> {
                        ps.setLong(1, executionId);
                        ps.setString(2, path);
                    });
        }
    }

    private void insert(List<String> paths) {
        if (!paths.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO gemcap_call_intent (job_instance_id, job_execution_id, path) VALUES (?, ?, ?)", paths,
                    paths.size(), (ps, path) -> {
                        ps.setLong(1, instanceId);
                        ps.setLong(2, executionId);
                        ps.setString(3, path);
                    });
        }
    }
}
