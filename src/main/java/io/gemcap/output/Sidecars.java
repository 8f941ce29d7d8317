package io.gemcap.output;

import io.gemcap.image.ImageInspector;
import io.gemcap.jobdb.Upsert;
import io.gemcap.jobdb.Upserts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Caption sidecars, as training tools for image models read them: each captioned image's caption in
 * {@code <stem>.txt} beside it, or under a folder that mirrors the input. Two images sharing a stem in one
 * folder ({@code a.jpg}, {@code a.png}) both get {@code <name>.<ext>.txt}. A sidecar gemcap did not write (or
 * that was edited since) is left alone unless {@code force}; what gemcap wrote is kept in the job database. Under a
 * folder of their own, sidecars stay inside it: one that a symlink (or a bucket key with {@code ..}) would lead out of
 * the folder's real path is not written.
 */
public final class Sidecars {

    /**
     * What a pass wrote and left alone.
     *
     * @param outside the sidecars not written because they would have gone outside the folder, as paths under it
     */
    public record Result(int written, int sharedStems, int foreign, List<String> outside) {
    }

    /** The content gemcap last wrote into a sidecar. */
    private static final Upsert WRITTEN = Upsert.into("gemcap_sidecar", "location", "sha256").replacingOn("location");

    private final JdbcTemplate jdbc;
    private final Upserts upserts;

    public Sidecars(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.upserts = new Upserts(jdbc);
    }

    private static boolean captioned(CaptionRow row) {
        return row.status() == RowStatus.OK && row.answer().caption() != null;
    }

    /**
     * @param rows a completed run's rows; the captioned ones get a sidecar
     * @param shown what a sidecar holds of its row's answer (the caption itself, or one property of a structured answer)
     * @param relative an image's path relative to the input, as the row's path names it (a bucket row's path less its prefix)
     * @param folder the input folder (sidecars beside the images), or the folder given to {@code --sidecars}
     * @param confined whether every sidecar must lie inside the real {@code folder} (a folder of their own; beside the
     *     images, a folder the walk reached through a symlink takes its sidecars)
     */
    public Result write(List<CaptionRow> rows, java.util.function.UnaryOperator<String> shown,
            java.util.function.UnaryOperator<String> relative, Path folder, boolean force, boolean confined) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        Path realRoot = Files.createDirectories(root).toRealPath();
        Map<String, Integer> stems = new HashMap<>();
        for (CaptionRow row : rows) {
            if (captioned(row)) {
                stems.merge(stemKey(relative.apply(row.path())), 1, Integer::sum);
            }
        }
        int written = 0;
        int shared = 0;
        int foreign = 0;
        List<String> outside = new ArrayList<>();
        for (CaptionRow row : rows) {
            // (A failed or rejected row may keep an answer that broke the schema: it is no caption.)
            String caption = captioned(row) ? WrittenText.clean(shown.apply(row.answer().caption())) : null;
            if (caption == null) {
                continue;
            }
            String path = relative.apply(row.path());
            boolean sharesStem = stems.get(stemKey(path)) > 1;
            Path sidecar = root.resolve(sharesStem ? path + ".txt" : stemKey(path) + ".txt").normalize();
            shared += sharesStem ? 1 : 0;
            if (confined && !inside(sidecar, root, realRoot)) {
                outside.add(root.relativize(sidecar).toString());
                continue;
            }
            byte[] text = (caption + "\n").getBytes(StandardCharsets.UTF_8);
            String location = sidecar.toString();
            if (Files.exists(sidecar) && !force && !writtenByGemcap(location, Files.readAllBytes(sidecar))) {
                foreign++;
                continue;
            }
            Files.createDirectories(sidecar.getParent());
            try (AtomicFile file = AtomicFile.create(sidecar)) {
                file.out().write(text);
                file.commit();
            }
            upserts.write(WRITTEN, location, ImageInspector.sha256(text));
            written++;
        }
        return new Result(written, shared, foreign, List.copyOf(outside));
    }

    /**
     * Whether a sidecar lies inside the folder by its name and by the real path of the nearest folder on its way that
     * exists (a symlink there may lead anywhere; the folders made below it are real ones).
     */
    private static boolean inside(Path sidecar, Path root, Path realRoot) throws IOException {
        if (!sidecar.startsWith(root) || sidecar.equals(root)) {
            return false;
        }
        Path existing = sidecar.getParent();
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            return existing.toRealPath().startsWith(realRoot);
        } catch (NoSuchFileException e) {
            // A symlink that leads nowhere: what would be made through it lies wherever it names.
            return false;
        }
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
