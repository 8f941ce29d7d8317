package io.gemcap.jobdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The settings a run's calls are made with, kept in the job database by job execution ({@code gemcap_run_setting},
 * {@code gemcap_run_file}): a {@code worker} process on another host starts the same captioner from them (model, prompt,
 * schema, template, metadata table, endpoint, detail, quota), with only its key its own.
 *
 * <p>What is kept is every {@code gemcap.*} property as the run's Spring environment resolves it (flags, then
 * environment variables, then {@code config/application.yml}), under Spring Boot's canonical names, but not what belongs
 * to the process (its job database server, progress, report, home; the emulator unless the run used it), not an empty
 * {@code gemcap.limits.pool} (a worker then keeps its own), and never a key: no property whose name says key, secret,
 * password or credential (the metadata table's key column aside) is kept, and a run whose settings hold the value of
 * {@code GEMINI_API_KEY} or {@code GOOGLE_API_KEY} is refused. The files named by {@link #FILE_SETTINGS} are kept whole,
 * once per content.
 *
 * <p>Recording an execution again replaces what was kept for it, in one transaction: a worker never reads half of it.
 * Thread-safe.
 */
public final class RunSettings {

    /** The settings that name a file the run reads at start: the file's bytes are kept with them. */
    public static final List<String> FILE_SETTINGS = List.of("gemcap.gemini.schema", "gemcap.template.metadata");

    private static final ConfigurationPropertyName GEMCAP = ConfigurationPropertyName.of("gemcap");
    /** Where this process keeps its job database, shows progress, writes its report and finds its home. */
    private static final List<ConfigurationPropertyName> PER_PROCESS = Stream.of("gemcap.job-database", "gemcap.progress",
            "gemcap.report", "gemcap.home").map(ConfigurationPropertyName::of).toList();
    private static final ConfigurationPropertyName EMULATOR = ConfigurationPropertyName.of("gemcap.emulator");
    private static final String EMULATOR_ENABLED = "gemcap.emulator.enabled";
    private static final String POOL = "gemcap.limits.pool";
    private static final String METADATA_KEY = "gemcap.template.metadata-key";
    private static final List<String> SECRET_WORDS = List.of("key", "secret", "password", "credential");
    private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]*@");
    private static final List<String> KEY_VARIABLES = List.of("GOOGLE_API_KEY", "GEMINI_API_KEY");
    /** The longest setting name kept: gemcap_run_setting.property. */
    private static final int LONGEST_NAME = 1000;

    private static final Upsert SETTING = Upsert.into("gemcap_run_setting", "job_execution_id", "property", "property_value",
            "file_sha256").replacingOn("job_execution_id", "property");
    private static final Upsert FILE = Upsert.into("gemcap_run_file", "sha256", "content").keepingOn("sha256");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Upserts upserts;

    public RunSettings(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.transaction = new TransactionTemplate(Objects.requireNonNull(transactionManager, "transactionManager"));
        this.upserts = new Upserts(jdbc);
    }

    /**
     * Keeps the run's settings as {@code environment} resolves them, with the files they name, for the job execution.
     *
     * @throws IllegalStateException in one line: a file a setting names cannot be read, or a setting holds an API key
     */
    public void record(long jobExecutionId, ConfigurableEnvironment environment) {
        Map<String, String> properties = effective(environment);
        Map<String, byte[]> files = new TreeMap<>();
        for (String setting : FILE_SETTINGS) {
            String file = properties.get(setting);
            if (file != null && !file.isBlank()) {
                files.put(setting, read(setting, file));
            }
        }
        refuseKeys(environment, properties, files);
        properties.keySet().stream().filter(name -> name.length() > LONGEST_NAME).findFirst().ifPresent(name -> {
            throw new IllegalStateException(name.substring(0, 34) + "... is a setting name of " + name.length()
                    + " characters: the job database keeps names of at most " + LONGEST_NAME);
        });
        Map<String, String> hashes = new HashMap<>();
        files.forEach((setting, bytes) -> hashes.put(setting, sha256(bytes)));
        transaction.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM gemcap_run_setting WHERE job_execution_id = ?", jobExecutionId);
            files.forEach((setting, bytes) -> {
                String hash = hashes.get(setting);
                Integer kept = jdbc.queryForObject("SELECT COUNT(*) FROM gemcap_run_file WHERE sha256 = ?", Integer.class, hash);
                if (kept == null || kept == 0) {
                    upserts.write(FILE, hash, bytes);
                }
            });
            upserts.writeAll(SETTING, new ArrayList<>(properties.entrySet()), (statement, property) -> {
                statement.setLong(1, jobExecutionId);
                statement.setString(2, property.getKey());
                statement.setString(3, property.getValue());
                statement.setString(4, hashes.get(property.getKey()));
            });
        });
    }

    /** What was kept for the job execution, if anything was. */
    public Optional<Stored> load(long jobExecutionId) {
        Map<String, String> properties = new TreeMap<>();
        Map<String, byte[]> files = new TreeMap<>();
        // One statement: one consistent view of the rows, whatever records at the same moment.
        jdbc.query("SELECT s.property, s.property_value, f.content FROM gemcap_run_setting s LEFT JOIN gemcap_run_file f"
                + " ON f.sha256 = s.file_sha256 WHERE s.job_execution_id = ?", row -> {
                    properties.put(row.getString(1), row.getString(2));
                    byte[] content = row.getBytes(3);
                    if (content != null) {
                        files.put(row.getString(1), content);
                    }
                }, jobExecutionId);
        return properties.isEmpty() ? Optional.empty() : Optional.of(new Stored(jobExecutionId, properties, files));
    }

    /**
     * A run's settings as kept: its properties by canonical name, and the bytes of the files its {@link #FILE_SETTINGS}
     * named, by setting. Immutable (the arrays are copies; do not change those {@link #files()} answers).
     */
    public record Stored(long jobExecutionId, Map<String, String> properties, Map<String, byte[]> files) {

        public Stored {
            properties = Collections.unmodifiableMap(new TreeMap<>(properties));
            Map<String, byte[]> copies = new TreeMap<>();
            files.forEach((setting, bytes) -> copies.put(setting, bytes.clone()));
            files = Collections.unmodifiableMap(copies);
        }

        /**
         * SHA-256 of the settings and the files' contents (not their paths): runs with the same fingerprint make the
         * same calls, so a worker may serve them from one Spring context.
         */
        public String fingerprint() {
            MessageDigest digest = sha256Digest();
            properties.forEach((name, value) -> {
                update(digest, name);
                update(digest, FILE_SETTINGS.contains(name) ? "" : value);
            });
            files.forEach((setting, bytes) -> {
                update(digest, setting);
                digest.update(ByteBuffer.allocate(Long.BYTES).putLong(bytes.length).array());
                digest.update(bytes);
            });
            return HexFormat.of().formatHex(digest.digest());
        }

        /**
         * Writes the files under {@code dir} and answers the properties with each file setting naming its copy there (an
         * empty value where the run had none, so that a worker's own variables cannot add one): the settings to start
         * the run's captioner with.
         */
        public Map<String, String> materialise(Path dir) {
            Map<String, String> materialised = new TreeMap<>(properties);
            for (String setting : FILE_SETTINGS) {
                byte[] bytes = files.get(setting);
                if (bytes == null) {
                    materialised.put(setting, "");
                    continue;
                }
                Path file = dir.resolve(setting).resolve(fileName(properties.getOrDefault(setting, ""), setting)).toAbsolutePath();
                try {
                    Files.createDirectories(file.getParent());
                    Path partial = Files.createTempFile(file.getParent(), ".partial-", "");
                    Files.write(partial, bytes);
                    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the run's " + setting + " to " + file + ": " + e.getMessage(), e);
                }
                materialised.put(setting, file.toString());
            }
            return Collections.unmodifiableMap(materialised);
        }

        /** The kept file's own name, for messages that name it; one that could leave its folder is replaced. */
        private static String fileName(String original, String setting) {
            String name = original.substring(Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1);
            return name.isBlank() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0
                    ? setting.substring(setting.lastIndexOf('.') + 1) : name;
        }
    }

    /** The run's settings as property name to resolved value, without what belongs to the process or is a key. */
    static Map<String, String> effective(ConfigurableEnvironment environment) {
        List<ConfigurationPropertySource> sources = new ArrayList<>();
        ConfigurationPropertySources.get(environment).forEach(sources::add);
        Set<ConfigurationPropertyName> names = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : sources) {
            // A variable's name cannot say where a property's name has dashes (GEMCAP_GEMINI_THINKING_BUDGET), and one that
            // no setting reads (GEMCAP_JAVA_OPTS) is the process's: variables count through the names the settings
            // records bind, below.
            if (source instanceof IterableConfigurationPropertySource iterable
                    && !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource)) {
                iterable.stream().filter(GEMCAP::isAncestorOf).forEach(names::add);
            }
        }
        names.addAll(boundNames(sources, environment));

        PropertySourcesPlaceholdersResolver placeholders = new PropertySourcesPlaceholdersResolver(environment);
        Map<String, String> properties = new TreeMap<>();
        for (ConfigurationPropertyName name : names) {
            if (PER_PROCESS.stream().anyMatch(root -> root.equals(name) || root.isAncestorOf(name)) || secret(name.toString())) {
                continue;
            }
            sources.stream().map(source -> source.getConfigurationProperty(name)).filter(Objects::nonNull).findFirst()
                    .map(ConfigurationProperty::getValue).map(placeholders::resolvePlaceholders)
                    .ifPresent(value -> properties.put(name.toString(), String.valueOf(value)));
        }
        if (!Boolean.parseBoolean(properties.getOrDefault(EMULATOR_ENABLED, "false").strip())) {
            properties.keySet().removeIf(name -> EMULATOR.isAncestorOf(ConfigurationPropertyName.of(name)));
        }
        if (properties.getOrDefault(POOL, "").isBlank()) {
            properties.remove(POOL);
        }
        // A URL's user and password (a Pushgateway's basic auth) are a secret like a key: a worker gives its own.
        properties.replaceAll((name, value) -> USER_INFO.matcher(value).replaceFirst("$1"));
        return properties;
    }

    /** The names Spring binds gemcap's settings records from, as the binder asks for them. */
    private static Set<ConfigurationPropertyName> boundNames(List<ConfigurationPropertySource> sources, ConfigurableEnvironment environment) {
        Set<ConfigurationPropertyName> bound = new LinkedHashSet<>();
        BindHandler recorder = new AbstractBindHandler() {
            @Override
            public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
                ConfigurationProperty property = context.getConfigurationProperty();
                if (property != null && property.getName().equals(name)) {
                    bound.add(name);
                }
                return super.onSuccess(name, target, context, result);
            }
        };
        Binder binder = new Binder(sources, new PropertySourcesPlaceholdersResolver(environment));
        SettingsRecords.ALL.forEach((prefix, type) -> {
            try {
                binder.bind(prefix, Bindable.of(type), recorder);
            } catch (BindException invalid) {
                // The names read before the value that failed are recorded; the run's own start reports the failure.
            }
        });
        return bound;
    }

    private static boolean secret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.equals(METADATA_KEY) && SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    private static void refuseKeys(ConfigurableEnvironment environment, Map<String, String> properties, Map<String, byte[]> files) {
        for (String variable : KEY_VARIABLES) {
            String key = environment.getProperty(variable);
            if (key == null || key.isBlank()) {
                continue;
            }
            String value = key.strip();
            properties.forEach((name, setting) -> {
                if (setting.contains(value)) {
                    throw new IllegalStateException(name + " holds the API key of " + variable + ": gemcap keeps no key in the"
                            + " job database; give the setting without it");
                }
            });
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            files.forEach((setting, content) -> {
                if (contains(content, bytes)) {
                    throw new IllegalStateException("the file of " + setting + " holds the API key of " + variable
                            + ": gemcap keeps no key in the job database");
                }
            });
        }
    }

    private static boolean contains(byte[] content, byte[] part) {
        for (int i = 0; i <= content.length - part.length; i++) {
            if (content[i] == part[0] && Arrays.equals(content, i, i + part.length, part, 0, part.length)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] read(String setting, String file) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(setting + " names " + file + ", which does not exist: the run's settings cannot be kept"
                    + " for workers without it");
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(setting + " names " + file + ", which cannot be read (" + e.getMessage()
                    + "): the run's settings cannot be kept for workers without it");
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }

    /** gemcap's settings records ({@code @ConfigurationProperties} types) by prefix. */
    static Map<String, Class<?>> settingsRecords() {
        return SettingsRecords.ALL;
    }

    /** gemcap's settings records by prefix, found once on the class path as Spring's scan finds them. */
    private static final class SettingsRecords {
        static final Map<String, Class<?>> ALL = scan();

        private static Map<String, Class<?>> scan() {
            ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
            scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
            Map<String, Class<?>> found = new TreeMap<>();
            for (BeanDefinition candidate : scanner.findCandidateComponents("io.gemcap")) {
                Class<?> type;
                try {
                    type = Class.forName(candidate.getBeanClassName(), false, RunSettings.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("cannot load the settings record " + candidate.getBeanClassName(), e);
                }
                ConfigurationProperties annotation = AnnotationUtils.findAnnotation(type, ConfigurationProperties.class);
                String prefix = annotation == null ? "" : annotation.prefix();
                if (GEMCAP.isAncestorOf(ConfigurationPropertyName.of(prefix))) {
                    found.put(prefix, type);
                }
            }
            return Collections.unmodifiableMap(found);
        }
    }
}
