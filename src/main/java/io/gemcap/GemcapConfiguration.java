package io.gemcap;

import com.google.genai.Client;
import io.gemcap.caption.ImageCaptioner;
import io.gemcap.caption.ImagePreparer;
import io.gemcap.events.RunEvents;
import io.gemcap.gemini.ApiKey;
import io.gemcap.gemini.BatchClient;
import io.gemcap.gemini.GeminiCaptioner;
import io.gemcap.gemini.GeminiClients;
import io.gemcap.gemini.GeminiSettings;
import io.gemcap.gemini.RequestSettings;
import io.gemcap.gemini.VertexAccess;
import io.gemcap.gemini.VertexSettings;
import io.gemcap.gemini.emulator.EmulatorSettings;
import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.image.DecodeBudget;
import io.gemcap.image.ImageConverter;
import io.gemcap.image.ImageInspector;
import io.gemcap.image.ImageLimits;
import io.gemcap.image.ImageSettings;
import io.gemcap.image.Thumbnails;
import io.gemcap.job.batch.BatchShards;
import io.gemcap.job.CaptionRunner;
import io.gemcap.job.RunConfiguration;
import io.gemcap.job.RunLauncher;
import io.gemcap.job.RunStop;
import io.gemcap.job.RunSummaries;
import io.gemcap.ledger.JdbcLedger;
import io.gemcap.job.RunLease;
import io.gemcap.job.RunOwnerListener;
import io.gemcap.job.RunPrompts;
import io.gemcap.job.RunRegistry;
import io.gemcap.output.ResultsTable;
import io.gemcap.policy.BreakerSettings;
import io.gemcap.policy.CallPolicy;
import io.gemcap.policy.Concurrency;
import io.gemcap.policy.LimitSettings;
import io.gemcap.policy.JdbcQuotaPool;
import io.gemcap.policy.PacedQuotaGate;
import io.gemcap.policy.QuotaGate;
import io.gemcap.policy.QuotaPoolName;
import io.gemcap.policy.RetrySettings;
import io.gemcap.source.Buckets;
import io.gemcap.source.StorageSettings;
import io.gemcap.usage.BudgetSettings;
import io.gemcap.usage.ModelFamilies;
import io.gemcap.usage.Prices;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.util.function.UnaryOperator;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The core collaborators, built from the settings. The {@link ApiKey} bean is registered by the CLI
 * (or a test) before the context starts, so the key never passes through the environment or a
 * property. What needs the key is lazy: job-control commands start the context without one.
 */
@Configuration
public class GemcapConfiguration {

    /** With {@code gemcap.emulator.enabled}, the bundled emulator runs in-process and the client is pointed at it. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("gemcap.emulator.enabled")
    public GeminiEmulator geminiEmulator(EmulatorSettings settings) {
        return GeminiEmulator.builder().latency(settings.latency()).build().start();
    }

    @Lazy
    @Bean(destroyMethod = "close")
    public Client geminiClient(GeminiSettings gemini, VertexSettings vertex, ObjectProvider<ApiKey> apiKey,
            ObjectProvider<ProcessEnvironment> environment, ObjectProvider<GeminiEmulator> emulator) {
        GeminiSettings target = pointedAtEmulator(gemini, emulator);
        if (vertex.enabled()) {
            return GeminiClients.createVertex(target, vertex,
                    VertexAccess.resolve(vertex, environment.getIfAvailable(ProcessEnvironment::system)));
        }
        return GeminiClients.create(target, apiKey.getObject());
    }

    @Lazy
    @Bean
    public CallPolicy callPolicy(RetrySettings retry, BreakerSettings breaker, QuotaGate quotaGate, GeminiSettings gemini,
            ObjectProvider<GeminiEmulator> emulator, CircuitBreakerRegistry circuitBreakerRegistry, RetryRegistry retryRegistry,
            RunEvents runEvents) {
        return new CallPolicy(retry, breaker, quotaGate, pointedAtEmulator(gemini, emulator).endpoint(), System::nanoTime,
                new CallPolicy.Registries(circuitBreakerRegistry, retryRegistry), runEvents);
    }

    /** What happens in this process's runs, for what shows or counts it (progress, end summary, metrics). */
    @Bean
    public RunEvents runEvents() {
        return new RunEvents();
    }

    /** The call policy's breaker, kept where resilience4j's Micrometer binder reports it. */
    @Bean
    public CircuitBreakerRegistry circuitBreakerRegistry() {
        return CircuitBreakerRegistry.ofDefaults();
    }

    /** The call policy's retry, kept where resilience4j's Micrometer binder reports it. */
    @Bean
    public RetryRegistry retryRegistry() {
        return RetryRegistry.ofDefaults();
    }

    /**
     * The quota of the run's pool and model, shared through the job database with every gemcap process on it. The
     * pool is {@code gemcap.limits.pool}, else the project and location on Vertex AI, else a hash of the key. With a
     * request rate configured, or on Vertex AI (whose dynamic shared quota has no number), 429s teach the pool its rate.
     */
    @Lazy
    @Bean(destroyMethod = "close")
    public QuotaGate quotaGate(LimitSettings limits, RequestSettings requestSettings, VertexSettings vertex, QuotaPoolName quotaPoolName,
            Prices prices, javax.sql.DataSource dataSource) {
        LimitSettings own = vertex.enabled() ? limits.withoutRates() : limits;
        PacedQuotaGate.RequestCost cost = prices.of(requestSettings.model())
                .<PacedQuotaGate.RequestCost>map(price -> tokens -> price.cost((long) Math.ceil(tokens), requestSettings.longestAnswer(), 0))
                .orElse(PacedQuotaGate.RequestCost.UNKNOWN);
        if (limits.spendPer10Minutes() > 0 && prices.of(requestSettings.model()).isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(GemcapConfiguration.class).warn("gemcap: model {} has no price in gemcap.prices:"
                    + " gemcap.limits.spend-per-10-minutes cannot be kept", requestSettings.model());
        }
        return new PacedQuotaGate(new JdbcQuotaPool(dataSource, quotaPoolName.value(), requestSettings.model()), quotaPoolName.value(),
                own, vertex.enabled() || limits.rpm() > 0, cost);
    }

    /** {@code gemcap.limits.pool}, else the project and location on Vertex AI, else a hash of the key. */
    @Lazy
    @Bean
    public QuotaPoolName quotaPoolName(LimitSettings limits, VertexSettings vertex, ObjectProvider<ApiKey> apiKey,
            ObjectProvider<ProcessEnvironment> environment) {
        if (!limits.pool().isEmpty()) {
            return new QuotaPoolName(limits.pool());
        }
        ApiKey key = apiKey.getIfAvailable();
        return new QuotaPoolName(vertex.enabled() ? VertexAccess.pool(vertex, environment.getIfAvailable(ProcessEnvironment::system))
                : key == null ? "default" : key.pool());
    }

    @Lazy
    @Bean
    public Concurrency concurrency(LimitSettings limits, CallPolicy callPolicy) {
        return new Concurrency(limits, callPolicy);
    }

    @Lazy
    @Bean
    public GeminiCaptioner geminiCaptioner(Client geminiClient, GeminiSettings gemini, RequestSettings requestSettings,
            CallPolicy callPolicy, ObjectProvider<GeminiEmulator> emulator, ObjectProvider<ApiKey> apiKey) {
        ApiKey key = apiKey.getIfAvailable();
        return new GeminiCaptioner(geminiClient, pointedAtEmulator(gemini, emulator), requestSettings, callPolicy,
                key == null ? UnaryOperator.identity() : key::redact);
    }

    /** Batch Mode through the same client as online calls. */
    @Lazy
    @Bean
    public BatchClient batchClient(Client geminiClient, RequestSettings requestSettings, ObjectProvider<ApiKey> apiKey) {
        ApiKey key = apiKey.getIfAvailable();
        return new BatchClient(geminiClient, requestSettings.model(), key == null ? UnaryOperator.identity() : key::redact);
    }

    /** What every request of a run sends besides the image: the model, the prompt, and the settings its model's family implies. */
    @Bean
    public RequestSettings requestSettings(GeminiSettings gemini, ModelFamilies families, ImageSettings images) {
        return RequestSettings.of(gemini, families, images.level());
    }

    @Lazy
    @Bean
    public ImagePreparer imagePreparer(ImageLimits limits, ImageSettings images, ModelFamilies families, RequestSettings requestSettings,
            JdbcTemplate jdbc, Thumbnails thumbnails, io.gemcap.caption.ImagePrompts imagePrompts, DecodeBudget decodeBudget,
            RunEvents runEvents) {
        if (!families.knows(requestSettings.model())) {
            org.slf4j.LoggerFactory.getLogger(GemcapConfiguration.class).warn("gemcap: model {} is not in gemcap.models.members"
                    + " (config/application.yml): its images are counted and sized as family {}", requestSettings.model(),
                    families.defaultFamily());
        }
        return new ImagePreparer(new ImageInspector(limits), new ImageConverter((float) images.jpegQuality(), limits.maxInlineImageBytes(),
                images.keepMetadata(), decodeBudget),
                new JdbcLedger(jdbc), requestSettings, families.imageTokens(requestSettings.model(), images.level()), thumbnails, imagePrompts,
                runEvents);
    }

    /** The prompt each image is sent with: the run's, or (gemcap.template.enabled) its template filled per image. */
    @Lazy
    @Bean
    public io.gemcap.caption.ImagePrompts imagePrompts(RequestSettings requestSettings, io.gemcap.caption.TemplateSettings template) {
        if (!template.enabled()) {
            return io.gemcap.caption.ImagePrompts.fixed(requestSettings.prompt());
        }
        io.gemcap.caption.MetadataTable metadata = template.metadata() == null ? null
                : io.gemcap.caption.MetadataTable.read(java.nio.file.Path.of(template.metadata()), template.metadataKey());
        return io.gemcap.caption.ImagePrompts.template(requestSettings.prompt(), metadata, template.strict());
    }

    /** The CSV columns a structured answer adds: one per property of the run's schema, none without one. */
    @Bean
    public io.gemcap.output.AnswerColumns answerColumns(RequestSettings requestSettings) {
        var schema = requestSettings.schema();
        return schema == null ? io.gemcap.output.AnswerColumns.NONE
                : io.gemcap.output.AnswerColumns.of(schema.properties(), schema::cells);
    }

    /** The report's thumbnails, by content hash, under the project's data folder. */
    @Bean
    public Thumbnails thumbnails(@org.springframework.beans.factory.annotation.Value("${gemcap.home:.}") String home,
            DecodeBudget decodeBudget) {
        return new Thumbnails(java.nio.file.Path.of(home, "data", "thumbnails"), decodeBudget);
    }

    /** The memory every decoding of the process shares: preparing threads, thumbnails. */
    @Bean
    public DecodeBudget decodeBudget(ImageSettings images) {
        return DecodeBudget.ofHeap(images.decodeHeapShare());
    }

    @Lazy
    @Bean
    public ImageCaptioner imageCaptioner(ImagePreparer imagePreparer, GeminiCaptioner geminiCaptioner, Prices prices,
            RequestSettings requestSettings) {
        return new ImageCaptioner(imagePreparer, geminiCaptioner, prices, requestSettings.schema());
    }

    @Lazy
    @Bean
    public RunLauncher runLauncher(JobOperator jobOperator, Job captionJob, Job captionBatchJob, RequestSettings requestSettings,
            GeminiCaptioner geminiCaptioner, RunPrompts runPrompts, Prices prices, BudgetSettings budget,
            RunOwnerListener runOwnerListener, RunSummaries runSummaries, RunStop runStop, GeminiSettings gemini,
            @org.springframework.beans.factory.annotation.Value("${gemcap.home:.}") String home, JobRepository jobRepository,
            io.gemcap.usage.Spend spend, RunEvents runEvents) {
        return new RunLauncher(jobOperator, captionJob, captionBatchJob, requestSettings, geminiCaptioner, runPrompts, prices, budget,
                runOwnerListener, runSummaries, RunConfiguration.logFolder(home), runStop, gemini.timeout(), jobRepository, spend,
                runEvents);
    }

    @Lazy
    @Bean
    public CaptionRunner captionRunner(JobOperator jobOperator, JobRepository jobRepository, RunRegistry runRegistry,
            ResultsTable resultsTable, RequestSettings requestSettings, RunLease runLease, BatchShards batchShards,
            ObjectProvider<BatchClient> batchClient, RunLauncher runLauncher) {
        return new CaptionRunner(jobOperator, jobRepository, runRegistry, resultsTable, requestSettings, runLease, batchShards,
                batchClient::getObject, runLauncher);
    }

    /** The storage clients, with settings from the command's environment (the process's own when none was registered). */
    @Bean(destroyMethod = "close")
    public Buckets buckets(ObjectProvider<ProcessEnvironment> environment, StorageSettings storage, RetrySettings retry,
            BreakerSettings breaker) {
        return new Buckets(environment.getIfAvailable(ProcessEnvironment::system), storage, retry, breaker);
    }

    private static GeminiSettings pointedAtEmulator(GeminiSettings gemini, ObjectProvider<GeminiEmulator> emulator) {
        GeminiEmulator running = emulator.getIfAvailable();
        return running == null ? gemini : gemini.withEndpoint(running.baseUrl());
    }
}
