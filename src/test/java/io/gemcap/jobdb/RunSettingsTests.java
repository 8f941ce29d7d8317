package io.gemcap.jobdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gemcap.caption.MetadataTable;
import io.gemcap.caption.TemplateSettings;
import io.gemcap.gemini.GeminiSettings;
import io.gemcap.gemini.RequestSettings;
import io.gemcap.image.ImageSettings;
import io.gemcap.policy.LimitSettings;
import io.gemcap.testing.JobDatabase;
import io.gemcap.testing.Races;
import io.gemcap.usage.ModelFamilies;
import io.gemcap.usage.Prices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A run's settings kept in the job database and read back by a worker: bound to gemcap's settings records, they make the
 * same calls as the run's, with the schema and metadata table the run read, whatever the worker's host holds.
 */
class RunSettingsTests {

    private static final String SCHEMA = """
            {"type": "object", "properties": {"title": {"type": "string"}, "colour": {"type": "string"}}, "required": ["title"]}
            """;
    private static final String TABLE = "sku_image,brand,material\nshoe-1.jpg,Acme,suede\nmug-7.jpg,Dunmore,stoneware\n";
    /** Settings of the process, not the run: a worker has its own. */
    private static final Set<String> PER_PROCESS = Set.of("gemcap.report", "gemcap.progress", "gemcap.job-database");

    @TempDir
    Path dir;
    private Path runFolder;

    @BeforeEach
    void runFiles() throws IOException {
        runFolder = Files.createDirectories(dir.resolve("run"));
        Files.writeString(runFolder.resolve("product.schema.json"), SCHEMA);
        Files.writeString(runFolder.resolve("items.csv"), TABLE);
    }

    private static RunSettings settings(DataSource dataSource) {
        return new RunSettings(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource));
    }

    /** An environment as a command's: its flags, then its variables, then the real config/application.yml. */
    private static ConfigurableEnvironment environment(org.springframework.core.env.PropertySource<?> flags,
            Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        // The test JVM's own properties and variables are no part of the run.
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.addLast(flags);
        sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        try {
            new YamlPropertySourceLoader().load("config/application.yml", new FileSystemResource("config/application.yml"))
                    .forEach(sources::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return environment;
    }

    private static ConfigurableEnvironment run(Map<String, Object> flags, Map<String, Object> variables) {
        return environment(new MapPropertySource("flags", flags), variables);
    }

    /** A worker's environment: the materialised settings as SpringLauncher passes them (arguments), then its own. */
    private static ConfigurableEnvironment worker(Map<String, String> materialised, Map<String, Object> variables) {
        List<String> args = new ArrayList<>();
        materialised.forEach((name, value) -> args.add("--" + name + "=" + value));
        return environment(new SimpleCommandLinePropertySource(args.toArray(String[]::new)), variables);
    }

    private Map<String, Object> catalogueFlags() {
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("gemcap.gemini.model", "gemini-3-flash-preview");
        flags.put("gemcap.gemini.prompt", "Describe the {brand} product in {material}: {name}.\nOne line, = signs kept.");
        flags.put("gemcap.gemini.schema", runFolder.resolve("product.schema.json").toString());
        flags.put("gemcap.gemini.endpoint", "http://127.0.0.1:9/gateway");
        flags.put("gemcap.template.enabled", "true");
        flags.put("gemcap.template.metadata", runFolder.resolve("items.csv").toString());
        flags.put("gemcap.template.metadata-key", "sku_image");
        flags.put("gemcap.image.detail", "medium");
        flags.put("gemcap.limits.rpm", "150");
        flags.put("gemcap.report.page", "/srv/reports/night.html");
        flags.put("gemcap.job-database.server-idle", "5s");
        flags.put("gemcap.home", "/opt/gemcap");
        return flags;
    }

    private static Map<String, Object> runVariables() {
        Map<String, Object> variables = new HashMap<>();
        variables.put("GEMCAP_LIMITS_TPM", "200000");
        variables.put("GEMCAP_GEMINI_THINKING_BUDGET", "0");
        variables.put("GEMCAP_GEMINI_MAX_OUTPUT_TOKENS", "120");
        variables.put("GEMCAP_LIMITS_POOL", "team-a");
        variables.put("GEMCAP_PROGRESS_BAR", "never");
        variables.put("GEMCAP_JAVA_OPTS", "-Xmx4g");
        variables.put("GEMINI_API_KEY", "AIzaRunSecret0123456789");
        return variables;
    }

    /** Variables of a worker's host that would change the calls if the run's settings did not win over them. */
    private static Map<String, Object> workerVariables() {
        Map<String, Object> variables = new HashMap<>();
        variables.put("GEMCAP_GEMINI_SCHEMA", "/elsewhere/other.schema.json");
        variables.put("GEMCAP_IMAGE_DETAIL", "high");
        variables.put("GEMCAP_LIMITS_RPM", "9999");
        variables.put("GEMCAP_GEMINI_MODEL", "gemini-2.5-pro");
        variables.put("GEMINI_API_KEY", "AIzaWorkerOwnKey987654321");
        return variables;
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void aWorkerBindsTheSameSettingsAsTheRunWithoutTheRunsFiles(JobDatabase database) throws IOException {
        // given a run started with flags, variables and the project's config, its settings recorded
        ConfigurableEnvironment run = run(catalogueFlags(), runVariables());
        RunSettings settings = settings(database.fresh());
        settings.record(41, run);
        Binder atRun = Binder.get(run);
        GeminiSettings runGemini = atRun.bindOrCreate("gemcap.gemini", GeminiSettings.class);
        RequestSettings runRequests = requests(atRun);
        MetadataTable runTable = table(atRun);

        // when a worker on a host without the run's files loads them
        Files.delete(runFolder.resolve("product.schema.json"));
        Files.delete(runFolder.resolve("items.csv"));
        RunSettings.Stored stored = settings.load(41).orElseThrow();
        Binder atWorker = Binder.get(worker(stored.materialise(dir.resolve("worker")), workerVariables()));

        // then every call it makes is the run's: model, prompt, schema, metadata table, endpoint, detail, limits
        GeminiSettings workerGemini = atWorker.bindOrCreate("gemcap.gemini", GeminiSettings.class);
        assertThat(workerGemini.model()).isEqualTo("gemini-3-flash-preview").isEqualTo(runGemini.model());
        assertThat(workerGemini.prompt()).isEqualTo(runGemini.prompt()).contains("\nOne line, = signs kept.");
        assertThat(workerGemini.endpoint()).isEqualTo("http://127.0.0.1:9/gateway");
        assertThat(workerGemini.maxOutputTokens()).isEqualTo(120).isEqualTo(runGemini.maxOutputTokens());
        assertThat(workerGemini.thinkingBudget()).isZero();
        assertThat(workerGemini.schema()).startsWith(dir.resolve("worker").toString());
        assertThat(Files.readString(Path.of(workerGemini.schema()))).isEqualTo(SCHEMA);
        RequestSettings workerRequests = requests(atWorker);
        assertThat(workerRequests.schema().sha256()).isEqualTo(runRequests.schema().sha256());
        assertThat(workerRequests.canonical()).isEqualTo(runRequests.canonical()).contains("detail=medium");
        assertThat(workerRequests.ledgerKeyFor("a filled prompt")).isEqualTo(runRequests.ledgerKeyFor("a filled prompt"));
        assertThat(table(atWorker).find("shoes/shoe-1.jpg")).isEqualTo(runTable.find("shoes/shoe-1.jpg"))
                .contains(Map.of("sku_image", "shoe-1.jpg", "brand", "Acme", "material", "suede"));
        LimitSettings workerLimits = atWorker.bindOrCreate("gemcap.limits", LimitSettings.class);
        assertThat(workerLimits).isEqualTo(atRun.bindOrCreate("gemcap.limits", LimitSettings.class));
        assertThat(workerLimits.rpm()).isEqualTo(150);
        assertThat(workerLimits.tpm()).isEqualTo(200_000);
        assertThat(workerLimits.pool()).isEqualTo("team-a");
        assertThat(atWorker.bindOrCreate("gemcap.prices", Prices.class).of("gemini-3-flash-preview"))
                .isEqualTo(atRun.bindOrCreate("gemcap.prices", Prices.class).of("gemini-3-flash-preview")).isPresent();
        // and every other setting of the run's is bound alike, those of the process aside
        RunSettings.settingsRecords().forEach((prefix, type) -> {
            if (!PER_PROCESS.contains(prefix) && type != GeminiSettings.class && type != TemplateSettings.class) {
                assertThat(atWorker.bindOrCreate(prefix, type)).as(prefix).isEqualTo(atRun.bindOrCreate(prefix, type));
            }
        });
        TemplateSettings workerTemplate = atWorker.bindOrCreate("gemcap.template", TemplateSettings.class);
        TemplateSettings runTemplate = atRun.bindOrCreate("gemcap.template", TemplateSettings.class);
        assertThat(List.of(workerTemplate.enabled(), workerTemplate.strict(), workerTemplate.metadataKey()))
                .isEqualTo(List.of(runTemplate.enabled(), runTemplate.strict(), runTemplate.metadataKey()));
    }

    private static RequestSettings requests(Binder binder) {
        return RequestSettings.of(binder.bindOrCreate("gemcap.gemini", GeminiSettings.class),
                binder.bindOrCreate("gemcap.models", ModelFamilies.class), binder.bindOrCreate("gemcap.image", ImageSettings.class).level());
    }

    private static MetadataTable table(Binder binder) {
        TemplateSettings template = binder.bindOrCreate("gemcap.template", TemplateSettings.class);
        return MetadataTable.read(Path.of(template.metadata()), template.metadataKey());
    }

    @Test
    void keepsSettingsUnderTheirCanonicalNamesAndLeavesOutThoseOfTheProcess() {
        Map<String, Object> variables = runVariables();
        variables.put("GEMCAP_TEMPLATE_METADATA_KEY", "sku");
        variables.put("GEMCAP_JOB_DATABASE_SERVER_IDLE", "1s");
        variables.put("GEMCAP_HOME", "/home/elsewhere");
        RunSettings settings = settings(JobDatabase.H2.fresh());
        Map<String, Object> flags = catalogueFlags();
        flags.remove("gemcap.template.metadata-key");
        settings.record(7, run(flags, variables));

        Map<String, String> kept = settings.load(7).orElseThrow().properties();

        assertThat(kept).containsEntry("gemcap.gemini.model", "gemini-3-flash-preview")
                .containsEntry("gemcap.gemini.thinking-budget", "0")
                .containsEntry("gemcap.gemini.max-output-tokens", "120")
                .containsEntry("gemcap.template.metadata-key", "sku")
                .containsEntry("gemcap.limits.tpm", "200000")
                .containsEntry("gemcap.limits.rpm", "150")
                .containsEntry("gemcap.prices.models[gemini-2.5-flash-lite].input", "0.1")
                .containsEntry("gemcap.models.members[gemini-3-flash-preview]", "gemini-3")
                .doesNotContainKeys("gemcap.emulator.enabled", "gemcap.gemini.thinking.budget", "gemcap.template.metadata.key", "gemcap.java.opts",
                        "gemcap.emulator.latency", "gemcap.home");
        assertThat(kept.keySet()).noneMatch(name -> name.startsWith("gemcap.report") || name.startsWith("gemcap.progress")
                || name.startsWith("gemcap.job-database") || name.startsWith("gemcap.job.database") || name.startsWith("spring"));
    }

    @Test
    void keepsNoKeyInAnyForm() {
        // given keys among the run's variables and under setting names a user might try
        Map<String, Object> flags = catalogueFlags();
        flags.put("gemcap.gemini.api-key", "AIzaFlagSecret000000001");
        flags.put("gemcap.vertex.credentials-file", "/home/me/sa.json");
        flags.put("gemcap.storage.secret", "s3-secret-000000002");
        Map<String, Object> variables = runVariables();
        variables.put("GEMCAP_GEMINI_APIKEY", "AIzaVariableSecret00003");
        variables.put("GEMCAP_GEMINI_KEY", "AIzaVariableSecret00004");
        variables.put("GOOGLE_API_KEY", "AIzaGoogleSecret0000005");
        DataSource dataSource = JobDatabase.H2.fresh();

        // when the run's settings are recorded
        settings(dataSource).record(3, run(flags, variables));

        // then only the metadata table's key column is kept of the names that say key, and no key value is anywhere
        assertThat(settings(dataSource).load(3).orElseThrow().properties().keySet())
                .filteredOn(name -> name.toLowerCase(java.util.Locale.ROOT).matches(".*(key|secret|credential).*"))
                .containsExactly("gemcap.template.metadata-key");
        String table = everything(dataSource);
        assertThat(table).contains("gemini-3-flash-preview", "sku_image", "Acme")
                .doesNotContain("AIzaFlagSecret", "AIzaVariableSecret", "AIzaGoogleSecret", "AIzaRunSecret", "s3-secret", "sa.json");
    }

    /** Every row of gemcap's run settings tables as text, the files' bytes included. */
    private static String everything(DataSource dataSource) {
        StringBuilder text = new StringBuilder();
        new JdbcTemplate(dataSource).query("SELECT * FROM gemcap_run_setting", row -> {
            text.append(row.getLong(1)).append(' ').append(row.getString(2)).append('=').append(row.getString(3)).append(' ')
                    .append(row.getString(4)).append('\n');
        });
        new JdbcTemplate(dataSource).query("SELECT * FROM gemcap_run_file", row -> {
            text.append(row.getString(1)).append(' ').append(new String(row.getBytes(2), StandardCharsets.UTF_8)).append('\n');
        });
        return text.toString();
    }

    @Test
    void refusesARunWhoseSettingsHoldItsKey() {
        // given an endpoint of a gateway that takes the key in its URL
        Map<String, Object> flags = catalogueFlags();
        flags.put("gemcap.gemini.endpoint", "https://gateway.example/v1?key=AIzaRunSecret0123456789");
        DataSource dataSource = JobDatabase.H2.fresh();

        assertThatThrownBy(() -> settings(dataSource).record(5, run(flags, runVariables())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("gemcap.gemini.endpoint holds the API key of GEMINI_API_KEY: gemcap keeps no key in the job database;"
                        + " give the setting without it");
        assertThat(settings(dataSource).load(5)).isEmpty();
        assertThat(everything(dataSource)).isEmpty();
    }

    @Test
    void keepsAGatewaysUrlWithoutItsUserAndPassword() {
        Map<String, Object> flags = catalogueFlags();
        flags.put("gemcap.metrics.push-gateway", "https://carol:t0pSecret@pushgateway.example:9091/prefix");
        RunSettings settings = settings(JobDatabase.H2.fresh());
        settings.record(9, run(flags, runVariables()));

        Map<String, String> materialised = settings.load(9).orElseThrow().materialise(dir.resolve("worker"));

        assertThat(materialised).containsEntry("gemcap.metrics.push-gateway", "https://pushgateway.example:9091/prefix");
        assertThat(materialised.values()).noneMatch(value -> value.contains("t0pSecret") || value.contains("carol"));
    }

    @Test
    void keepsThePoolOnlyWhenTheRunNamedOne() {
        Map<String, Object> variables = runVariables();
        variables.remove("GEMCAP_LIMITS_POOL");
        RunSettings settings = settings(JobDatabase.H2.fresh());
        settings.record(8, run(catalogueFlags(), variables));

        Map<String, String> materialised = settings.load(8).orElseThrow().materialise(dir.resolve("worker"));

        assertThat(materialised).doesNotContainKey("gemcap.limits.pool");
        assertThat(Binder.get(worker(materialised, Map.of("GEMCAP_LIMITS_POOL", "night-pool")))
                .bindOrCreate("gemcap.limits", LimitSettings.class).pool()).isEqualTo("night-pool");
    }

    @Test
    void aRunOnTheEmulatorHasItsWorkersStartTheSameEmulator() {
        Map<String, Object> flags = catalogueFlags();
        flags.put("gemcap.emulator.enabled", "true");
        flags.put("gemcap.emulator.latency", "5ms");
        RunSettings settings = settings(JobDatabase.H2.fresh());
        settings.record(9, run(flags, runVariables()));

        assertThat(settings.load(9).orElseThrow().properties()).containsEntry("gemcap.emulator.enabled", "true")
                .containsEntry("gemcap.emulator.latency", "5ms");
    }

    @Test
    void aWorkersOwnFilesDoNotStandInForThoseTheRunHadNone() {
        // given a run with neither schema nor metadata table
        Map<String, Object> flags = catalogueFlags();
        flags.remove("gemcap.gemini.schema");
        flags.remove("gemcap.template.metadata");
        RunSettings settings = settings(JobDatabase.H2.fresh());
        settings.record(10, run(flags, runVariables()));

        // when a worker whose host sets both loads it
        Map<String, Object> variables = workerVariables();
        variables.put("GEMCAP_TEMPLATE_METADATA", "/elsewhere/items.csv");
        Binder atWorker = Binder.get(worker(settings.load(10).orElseThrow().materialise(dir.resolve("worker")), variables));

        // then it has neither
        assertThat(atWorker.bindOrCreate("gemcap.gemini", GeminiSettings.class).schema()).isNull();
        assertThat(atWorker.bindOrCreate("gemcap.template", TemplateSettings.class).metadata()).isNull();
    }

    @Test
    void aMissingFileIsOneLineAndNothingIsKept() throws IOException {
        Files.delete(runFolder.resolve("items.csv"));
        DataSource dataSource = JobDatabase.H2.fresh();

        assertThatThrownBy(() -> settings(dataSource).record(11, run(catalogueFlags(), runVariables())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("gemcap.template.metadata names " + runFolder.resolve("items.csv") + ", which does not exist: the run's"
                        + " settings cannot be kept for workers without it");
        assertThat(everything(dataSource)).isEmpty();
    }

    @Test
    void anUnreadableFileIsOneLine() throws IOException {
        Path folder = Files.createDirectories(runFolder.resolve("a-folder.json"));
        Map<String, Object> flags = catalogueFlags();
        flags.put("gemcap.gemini.schema", folder.toString());

        assertThatThrownBy(() -> settings(JobDatabase.H2.fresh()).record(12, run(flags, runVariables())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("gemcap.gemini.schema names " + folder + ", which cannot be read (")
                .hasMessageEndingWith("): the run's settings cannot be kept for workers without it")
                .message().doesNotContain("\n");
    }

    @Test
    void recordingAgainReplacesWhatWasKeptAndFilesAreKeptOncePerContent() {
        DataSource dataSource = JobDatabase.H2.fresh();
        RunSettings settings = settings(dataSource);
        settings.record(20, run(catalogueFlags(), runVariables()));
        RunSettings.Stored first = settings.load(20).orElseThrow();
        settings.record(20, run(catalogueFlags(), runVariables()));
        assertThat(settings.load(20).orElseThrow().properties()).isEqualTo(first.properties());

        Map<String, Object> flags = catalogueFlags();
        flags.put("gemcap.gemini.model", "gemini-2.5-flash-lite");
        flags.remove("gemcap.gemini.schema");
        settings.record(20, run(flags, runVariables()));
        settings.record(21, run(catalogueFlags(), runVariables()));

        RunSettings.Stored replaced = settings.load(20).orElseThrow();
        assertThat(replaced.properties()).containsEntry("gemcap.gemini.model", "gemini-2.5-flash-lite")
                .doesNotContainKey("gemcap.gemini.schema");
        assertThat(replaced.files()).containsOnlyKeys("gemcap.template.metadata");
        assertThat(settings.load(21).orElseThrow().fingerprint()).isEqualTo(first.fingerprint());
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM gemcap_run_file", Integer.class)).isEqualTo(2);
        assertThat(settings.load(22)).isEmpty();
    }

    @Test
    void theFingerprintFollowsTheSettingsAndTheFilesContentsNotTheirPaths() throws IOException {
        RunSettings settings = settings(JobDatabase.H2.fresh());
        settings.record(30, run(catalogueFlags(), runVariables()));
        Path moved = Files.createDirectories(dir.resolve("moved"));
        Files.copy(runFolder.resolve("product.schema.json"), moved.resolve("schema.json"));
        Map<String, Object> elsewhere = catalogueFlags();
        elsewhere.put("gemcap.gemini.schema", moved.resolve("schema.json").toString());
        settings.record(31, run(elsewhere, runVariables()));
        Files.writeString(moved.resolve("schema.json"), SCHEMA.replace("colour", "color"));
        settings.record(32, run(elsewhere, runVariables()));
        Map<String, Object> otherPrompt = catalogueFlags();
        otherPrompt.put("gemcap.gemini.prompt", "Describe it.");
        settings.record(33, run(otherPrompt, runVariables()));

        String fingerprint = settings.load(30).orElseThrow().fingerprint();

        assertThat(fingerprint).hasSize(64).isEqualTo(settings.load(31).orElseThrow().fingerprint());
        assertThat(settings.load(32).orElseThrow().fingerprint()).isNotEqualTo(fingerprint);
        assertThat(settings.load(33).orElseThrow().fingerprint()).isNotEqualTo(fingerprint);
    }

    @Test
    void materialisingKeepsFilesInsideTheFolderWhateverTheRunNamedThem() throws IOException {
        Map<String, byte[]> files = Map.of("gemcap.gemini.schema", SCHEMA.getBytes(StandardCharsets.UTF_8),
                "gemcap.template.metadata", TABLE.getBytes(StandardCharsets.UTF_8));
        RunSettings.Stored stored = new RunSettings.Stored(1, Map.of("gemcap.gemini.schema", "/run/..",
                "gemcap.template.metadata", "C:\\shop\\items.csv"), files);
        Path folder = dir.resolve("worker");

        Map<String, String> materialised = stored.materialise(folder);
        Map<String, String> again = stored.materialise(folder);

        assertThat(again).isEqualTo(materialised);
        assertThat(Path.of(materialised.get("gemcap.gemini.schema"))).isEqualTo(folder.resolve("gemcap.gemini.schema/schema").toAbsolutePath());
        assertThat(Path.of(materialised.get("gemcap.template.metadata"))).hasFileName("items.csv").startsWith(folder.toAbsolutePath());
        assertThat(Files.readString(Path.of(materialised.get("gemcap.template.metadata")))).isEqualTo(TABLE);
        try (var left = Files.walk(folder)) {
            assertThat(left.filter(Files::isRegularFile)).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void twoRecordsOfOneExecutionAtOnceBothSucceedAndKeepItOnce(JobDatabase database) throws Exception {
        DataSource dataSource = database.fresh();
        RunSettings one = settings(dataSource);
        RunSettings other = settings(dataSource);
        ConfigurableEnvironment run = run(catalogueFlags(), runVariables());

        Races.run(20, round -> one.record(100 + round, run), round -> other.record(100 + round, run));

        String fingerprint = one.load(100).orElseThrow().fingerprint();
        for (int round = 0; round < 20; round++) {
            assertThat(other.load(100 + round).orElseThrow().fingerprint()).isEqualTo(fingerprint);
        }
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM gemcap_run_file", Integer.class)).isEqualTo(2);
    }

    @Test
    void aRecordThatFailsHalfWayLeavesTheLastOne() throws IOException {
        // given a run's settings kept on PostgreSQL, whose text columns take no NUL character
        DataSource dataSource = JobDatabase.POSTGRESQL.fresh();
        RunSettings settings = settings(dataSource);
        settings.record(60, run(catalogueFlags(), runVariables()));
        String kept = everything(dataSource);
        Files.writeString(runFolder.resolve("items.csv"), TABLE + "bag-2.jpg,Acme,canvas\n");
        Map<String, Object> flags = catalogueFlags();
        flags.put("gemcap.gemini.prompt", "Another prompt");
        flags.put("gemcap.models.members[zz-last]", "gemini-\0");

        // when recording it again fails at its last row, after its new table and its other rows
        assertThatThrownBy(() -> settings.record(60, run(flags, runVariables())))
                .isInstanceOf(org.springframework.dao.DataAccessException.class).hasMessageContaining("0x00");

        // then what was kept is as it was
        assertThat(everything(dataSource)).isEqualTo(kept);
    }

    @Test
    void aSettingNameTooLongToKeepIsOneLine() {
        Map<String, Object> flags = catalogueFlags();
        flags.put("gemcap.models.members[" + "m".repeat(1200) + "]", "gemini-2");

        assertThatThrownBy(() -> settings(JobDatabase.H2.fresh()).record(61, run(flags, runVariables())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("gemcap.models.members[mmmmmmmmmmmm... is a setting name of 1223 characters: the job database keeps"
                        + " names of at most 1000");
    }

    @Test
    void recordsWhatSpringBootResolvesForACommand() {
        // given the environment Spring Boot prepares for a command: its arguments, the process's variables, the project's config
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE)
                .bannerMode(org.springframework.boot.Banner.Mode.OFF).logStartupInfo(false)
                .run("--gemcap.gemini.model=gemini-2.5-pro", "--gemcap.prices.models[gemini-2.5-pro].input=1.25",
                        "--gemcap.progress.bar=never")) {
            RunSettings settings = settings(JobDatabase.H2.fresh());

            settings.record(70, context.getEnvironment());

            assertThat(settings.load(70).orElseThrow().properties())
                    .containsEntry("gemcap.gemini.model", "gemini-2.5-pro")
                    .containsEntry("gemcap.prices.models[gemini-2.5-pro].input", "1.25")
                    .containsEntry("gemcap.gemini.api-version", "v1beta")
                    .containsEntry("gemcap.models.members[gemini-2.5-pro]", "gemini-2")
                    .doesNotContainKeys("gemcap.progress.bar", "gemcap.limits.pool")
                    .allSatisfy((name, value) -> assertThat(name).startsWith("gemcap."));
        }
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Empty {
    }
}
