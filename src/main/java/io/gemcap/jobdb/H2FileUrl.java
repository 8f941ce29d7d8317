package io.gemcap.jobdb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An H2 database in a file, as a JDBC URL names it: its absolute path and the settings the URL gives, with
 * {@code WRITE_DELAY=0} added and the sharing settings ({@code AUTO_SERVER}, {@code AUTO_RECONNECT}) left to
 * {@link SharedH2}. In-memory and server URLs are not files. Immutable.
 *
 * @param path the database's path without the {@code .mv.db} suffix, absolute
 * @param settings the URL's other settings, {@code NAME=value}, in the URL's order, {@code WRITE_DELAY=0} last
 */
public record H2FileUrl(Path path, List<String> settings) {

    private static final String PREFIX = "jdbc:h2:";
    private static final List<String> SHARING = List.of("AUTO_SERVER", "AUTO_RECONNECT", "AUTO_SERVER_PORT");
    /** H2's server and in-memory URLs: no file of this machine's that gemcap opens. */
    private static final List<String> NOT_FILES = List.of("mem", "tcp", "ssl", "memfs", "memlzf", "niomemfs", "niomemlzf");

    public H2FileUrl {
        settings = List.copyOf(settings);
    }

    /**
     * The H2 file a URL names, or empty for any other URL (PostgreSQL, {@code jdbc:h2:mem:}, {@code jdbc:h2:tcp:}).
     *
     * @throws IllegalArgumentException when the URL sets a {@code WRITE_DELAY} other than 0
     */
    public static Optional<H2FileUrl> parse(String url) {
        if (url == null || !url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String[] parts = url.substring(PREFIX.length()).split(";");
        String name = parts[0];
        String fileSystem = name.matches("(?s)[A-Za-z]{2,}:.*") ? name.substring(0, name.indexOf(':')).toLowerCase(Locale.ROOT) : "";
        if (fileSystem.equals("file") || fileSystem.equals("nio")) {
            // H2 2's file: is its nio file system: one format, one file
            name = name.substring(fileSystem.length() + 1);
        } else if (!fileSystem.isEmpty() && !NOT_FILES.contains(fileSystem)) {
            throw new IllegalArgumentException("the job database URL uses H2's " + fileSystem + ": file system, which gemcap cannot"
                    + " share between its processes or commit at once (WRITE_DELAY=0): use jdbc:h2:file:PATH, or PostgreSQL");
        } else if (!fileSystem.isEmpty() || !(name.startsWith("/") || name.startsWith("./") || name.startsWith("../")
                || name.startsWith("~") || name.matches("[A-Za-z]:[/\\\\].*"))) {
            // mem:, tcp:, ssl: and the in-memory file systems: not a file this process opens
            return Optional.empty();
        }
        List<String> settings = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String setting = parts[i].trim();
            if (setting.isEmpty()) {
                continue;
            }
            int equals = setting.indexOf('=');
            String key = (equals < 0 ? setting : setting.substring(0, equals)).trim().toUpperCase(Locale.ROOT);
            String value = equals < 0 ? "" : setting.substring(equals + 1).trim();
            if (key.equals("WRITE_DELAY")) {
                if (!value.equals("0")) {
                    throw new IllegalArgumentException("the job database URL sets WRITE_DELAY=" + value + ": gemcap needs WRITE_DELAY=0"
                            + " (H2 otherwise keeps commits in memory that long, and a crash then pays for their images again);"
                            + " remove WRITE_DELAY from spring.datasource.url or set it to 0");
                }
            } else if (key.equals("INIT") && value.toUpperCase(Locale.ROOT).contains("WRITE_DELAY")) {
                throw new IllegalArgumentException("the job database URL sets WRITE_DELAY in its INIT script: gemcap needs"
                        + " WRITE_DELAY=0 (H2 otherwise keeps commits in memory, and a crash then pays for their images again);"
                        + " remove it from spring.datasource.url");
            } else if (!SHARING.contains(key)) {
                settings.add(setting);
            }
        }
        settings.add("WRITE_DELAY=0");
        return Optional.of(new H2FileUrl(absolute(name), settings));
    }

    private static Path absolute(String name) {
        String expanded = name.startsWith("~") ? System.getProperty("user.home") + name.substring(1) : name;
        return Path.of(expanded).toAbsolutePath().normalize();
    }

    /** The URL that opens the file in this process, serving it to others ({@code AUTO_SERVER}) while it is open. */
    public String servingUrl() {
        return PREFIX + "file:" + path + ";" + String.join(";", settings) + ";AUTO_SERVER=TRUE";
    }

    /** H2's lock file, where the process holding the database writes the address other processes reach it at. */
    Path lockFile() {
        return Path.of(path + ".lock.db");
    }

    /** gemcap's own lock, held while a server process is started or leaves, so that only one is. */
    Path serverLock() {
        return Path.of(path + ".server.lock");
    }

    /** Where the server process writes its errors. */
    Path serverLog() {
        return Path.of(path + ".server.log");
    }
}
