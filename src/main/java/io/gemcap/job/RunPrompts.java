package io.gemcap.job;

import io.gemcap.image.ImageInspector;
import io.gemcap.jobdb.Upsert;
import io.gemcap.jobdb.Upserts;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The prompts runs were started with, kept by hash in gemcap's table ({@code gemcap_prompt}): a run's
 * job parameters hold only the hash, as Spring Batch keeps parameter values in 2,500 characters.
 */
public class RunPrompts {

    /** A prompt's text by its hash, kept as first recorded. */
    private static final Upsert PROMPT = Upsert.into("gemcap_prompt", "sha256", "text", "recorded_at").keepingOn("sha256");

    private final JdbcTemplate jdbc;
    private final Upserts upserts;

    public RunPrompts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.upserts = new Upserts(jdbc);
    }

    /** The hash a prompt is known by: the ledger's too. */
    public static String hash(String prompt) {
        return ImageInspector.sha256(prompt.getBytes(StandardCharsets.UTF_8));
    }

    /** Keeps the text (once per hash) and returns its hash. */
    public String record(String prompt) {
        String hash = hash(prompt);
        upserts.write(PROMPT, hash, prompt, Timestamp.from(Instant.now()));
        return hash;
    }

    public Optional<String> text(String hash) {
        return jdbc.queryForList("SELECT text FROM gemcap_prompt WHERE sha256 = ?", String.class, hash).stream().findFirst();
    }
}
