package io.gemcap.report;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether and where a run writes its HTML report ({@code gemcap.report.*}; flags {@code --report FILE}, {@code --no-report}).
 *
 * @param enabled whether a run writes one
 * @param page the page to write; empty for beside the CSV ({@code captions.html} for {@code captions.csv})
 */
@ConfigurationProperties("gemcap.report")
public record ReportSettings(@DefaultValue("true") boolean enabled, @DefaultValue("") String page) {

    public ReportSettings {
        page = page == null ? "" : page.strip();
        if (!page.isEmpty()) {
            problem(page).ifPresent(problem -> {
                throw new IllegalArgumentException("gemcap.report.page " + problem);
            });
        }
    }

    /** Why a name cannot be a report page: it must end in .html, so it is never taken for an image, a CSV or run.json. */
    public static Optional<String> problem(String page) {
        String name = page.toLowerCase(Locale.ROOT);
        return name.endsWith(".html") || name.endsWith(".htm") ? Optional.empty()
                : Optional.of("'" + page + "' is not a page name: end it in .html");
    }

    /** The page a run writing {@code csv} leaves, if any. */
    public Optional<Path> pageFor(Path csv) {
        if (!enabled) {
            return Optional.empty();
        }
        return Optional.of(page.isEmpty() ? Path.of(RunSummary.Files.reportFor(csv.toString())) : Path.of(page).toAbsolutePath().normalize());
    }
}
