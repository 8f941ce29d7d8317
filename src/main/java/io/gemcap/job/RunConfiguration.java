package io.gemcap.job;

import io.gemcap.events.RunEvents;
import io.gemcap.gemini.RequestSettings;
import io.gemcap.image.Thumbnails;
import io.gemcap.job.batch.BatchSettings;
import io.gemcap.job.batch.BatchShards;
import io.gemcap.metrics.RunTotals;
import io.gemcap.output.AnswerColumns;
import io.gemcap.output.ResultsTable;
import io.gemcap.output.WrittenFiles;
import io.gemcap.policy.CallPolicy;
import io.gemcap.source.Buckets;
import io.gemcap.source.WalkTable;
import io.gemcap.usage.BudgetSettings;
import io.gemcap.usage.JdbcSpend;
import io.gemcap.usage.Prices;
import io.gemcap.usage.Spend;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What every run shares, online or in Batch Mode: the tables of the job database it writes (results, walk, spend,
 * registry, prompts), the lease, the stop asked, the summaries, the report, and the one way its CSV is published.
 */
@Configuration
public class RunConfiguration {

    /** What this process was asked about stopping its run (signals; see {@link RunLauncher#requestStop}). */
    @Bean
    public RunStop runStop(ObjectProvider<CallPolicy> callPolicy) {
        return new RunStop(() -> callPolicy.getObject().stopSending());
    }

    @Bean
    public CsvPublication csvPublication(OutputStaging staging, Buckets buckets, ShrinkGuard shrinkGuard, ResultsTable results,
            AnswerColumns answerColumns, WalkTable walkTable) {
        return new CsvPublication(staging, buckets, shrinkGuard, results, answerColumns, walkTable);
    }

    @Bean
    public WalkTable walkTable(JdbcTemplate jdbc) {
        return new WalkTable(jdbc);
    }

    @Bean
    public OutputStaging outputStaging(@Value("${gemcap.home:.}") String home) {
        return new OutputStaging(Path.of(home, "data", "outputs"));
    }

    @Bean
    public RunOwnerListener runOwnerListener(RunRegistry registry, RunSummaries runSummaries, OutputStaging outputStaging,
            Spend spend, RunEvents runEvents) {
        return new RunOwnerListener(registry, runSummaries, outputStaging, spend, runEvents);
    }

    @Bean
    public RunLease runLease(JdbcTemplate jdbc, JobSettings settings) {
        return new RunLease(jdbc, settings.staleAfter(), settings.heartbeatInterval());
    }

    @Bean
    public ShrinkGuard shrinkGuard(RunRegistry registry, JobRepository jobRepository, ResultsTable results, JobSettings settings) {
        return new ShrinkGuard(registry, jobRepository, results, settings.minShareOfLastRun());
    }

    @Bean
    public RunPrompts runPrompts(JdbcTemplate jdbc) {
        return new RunPrompts(jdbc);
    }

    @Bean
    public RunRegistry runRegistry(JdbcTemplate jdbc) {
        return new RunRegistry(jdbc);
    }

    @Bean
    public JobControl jobControl(RunSummaries runSummaries, JobRepository jobRepository, BatchShards batchShards, RunRegistry registry,
            ResultsTable resultsTable, JdbcTemplate jdbc) {
        return new JobControl(runSummaries, jobRepository, batchShards, registry,
                new RunPartitions(jobRepository, registry, resultsTable, jdbc));
    }

    @Bean
    public RunSummaries runSummaries(JobRepository jobRepository, RunRegistry registry, ResultsTable resultsTable, Prices prices,
            BatchShards batchShards, BatchSettings batchSettings, OutputStaging outputStaging, @Value("${gemcap.home:.}") String home,
            Spend spend) {
        return new RunSummaries(jobRepository, registry, resultsTable, prices, batchShards, batchSettings.priceShare(),
                logFolder(home), outputStaging, spend);
    }

    @Bean
    public RunReports runReports(JobRepository jobRepository, ResultsTable resultsTable, Thumbnails thumbnails,
            JdbcTemplate jdbc) {
        return new RunReports(jobRepository, resultsTable, thumbnails, new WrittenFiles(jdbc));
    }

    /** Where each run's log file goes. */
    public static Path logFolder(String home) {
        return Path.of(home, "data", "logs");
    }

    /** What calls cost, shared with every process on the job database: the budget, the daily cap, the billed cost. */
    @Bean(destroyMethod = "close")
    public JdbcSpend spend(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, BudgetSettings budgetSettings) {
        return new JdbcSpend(jdbc, transactionManager, budgetSettings, Clock.systemDefaultZone());
    }

    /** A run's totals for its metrics, as its summary counts them: the results table, and the job's last completed run. */
    @Bean
    public RunTotals.Source runTotalsSource(ResultsTable results, RunRegistry registry, Prices prices, RequestSettings request) {
        boolean priced = prices.of(request.model()).isPresent();
        return (instance, jobKey) -> {
            Map<String, Map<String, Long>> images = new LinkedHashMap<>();
            results.countsByReason(instance).forEach((status, byReason) -> images.put(status.label(), byReason));
            return new RunTotals.Totals(images, results.tokensPaid(instance), results.runCost(instance, priced),
                    registry.lastCompleted(jobKey));
        };
    }

    @Bean
    public ResultsTable resultsTable(JdbcTemplate jdbc) {
        return new ResultsTable(jdbc);
    }
}
