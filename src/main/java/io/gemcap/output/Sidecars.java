package io.gemcap.output;

import io.gemcap.image.ImageInspector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Caption sidecars, as training tools for image models read them: each captioned image's caption in
 * {@code <stem>.txt} beside it, or under a folder that mirrors the input. Two images sharing a stem in one
 * folder ({@code a.jpg}, {@code a.png}) both get {@code <name>.<ext>.txt}. A sidecar gemcap did not write (or
 * that was edited since) is left alone unless {@code force}; what gemcap wrote is kept in the job database.
 */
public final class Sidecars {

    /** What a pass wrote and left alone. */
    public record Result(int written, int sharedStems, int foreign) {
    }

    private final JdbcTemplate jdbc;

    public Sidecars(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    private static boolean captioned(CaptionRow row) {
        return row.status() == RowStatus.OK && row.answer().caption() != null;
    }

    /**
     * @param rows a completed run's rows; the captioned ones get a sidecar
     * @param shown what a sidecar holds of its row's answer (the caption itself, or one property of a structured answer)
     * @param relative an image's path relative to the input, as the row's path names it (a bucket row's path less its prefix)
     * @param folder the input folder (sidecars beside the images), or the folder given to {@code --sidecars}
     */
    public Result write(List<CaptionRow> rows, java.util.function.UnaryOperator<String> shown,
            java.util.function.UnaryOperator<String> relative, Path folder, boolean force) throws IOException {
        Map<String, Integer> stems = new HashMap<>();
        for (CaptionRow row : rows) {
            if (captioned(row)) {
                stems.merge(stemKey(relative.apply(row.path())), 1, Integer::sum);
            }
        }
        int written = 0;
        int shared = 0;
        int foreign = 0;
        for (CaptionRow row : rows) {
            // (A failed or rejected row may keep an answer that broke the schema: it is no caption.)
            String caption = captioned(row) ? WrittenText.clean(shown.apply(row.answer().caption())) : null;
            if (caption == null) {
                continue;
            }
            String path = relative.apply(row.path());
            boolean sharesStem = stems.get(stemKey(path)) > 1;
            Path sidecar = folder.resolve(sharesStem ? path + ".txt" : stemKey(path) + ".txt").normalize();
            shared += sharesStem ? 1 : 0;
            byte[] text = (caption + "\n").getBytes(StandardCharsets.UTF_8);
            String location = sidecar.toAbsolutePath().toString();
            if (Files.exists(sidecar) && !force && !writtenByGemcap(location, Files.readAllBytes(sidecar))) {
                foreign++;
                continue;
            }
            Files.createDirectories(sidecar.getParent());
            Path partial = sidecar.resolveSibling(sidecar.getFileName() + ".gemcap-partial");
            Files.write(partial, text);
            Files.move(partial, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            jdbc.update("DELETE FROM gemcap_sidecar WHERE location = ?", location);
            jdbc.update("INSERT INTO gemcap_sidecar (location, sha256) VALUES (?, ?)", location, ImageInspector.sha256(text));
            written++;
        }
        return new Result(written, shared, foreign);
    }

    private boolean writtenByGemcap(String location, byte[] content) {
        return jdbc.queryForList("SELECT sha256 FROM gemcap_sidecar WHERE location = ?", String.class, location).stream()
                .anyMatch(ImageInspector.sha256(content)::equals);
    }

    /** The path without its extension: {@code d/a.jpg} is {@code d/a}. */
    private static String stemKey(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash + 1 ? path.substring(0, dot) : path;
    }
}
