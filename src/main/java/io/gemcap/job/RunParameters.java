package io.gemcap.job;

import io.gemcap.gemini.RequestSettings;
import io.gemcap.report.RunSummary;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * A run's job parameters: the only mapping to and from them. The names are a contract: the job repository keeps the
 * parameters of every run, runs of earlier releases are resumed from them, and a resume passes whatever identified the
 * run it resumes. Parameters a release did not write read as that release behaved.
 *
 * @param jobKey the job's key (a hash of its real input and output); identifying, with the run number in {@code run}; runs of
 *     release 0.1 have none
 * @param input the input as the run reads it (a folder, a bucket URI)
 * @param output the CSV it writes (a file, a bucket URI)
 * @param runNumber which run of the job this is
 * @param model the model every call names
 * @param promptSha256 the prompt's hash (its text is in {@link RunPrompts}); release 0.1 kept the text, hashed here
 * @param requestSettings the request's other settings that change the answer ({@code RequestSettings.canonical()})
 * @param force call for every image, ignoring the ledger
 * @param selection the pilot selection (a limit, globs to take or leave)
 * @param allowShrink publish even when the run found far fewer images than the last completed one
 * @param detach in Batch Mode, leave once the batches are submitted
 * @param report the HTML report page: empty for none, {@code null} for runs from before it was a parameter (beside the CSV)
 * @param partitioning how the caption step splits the walk
 */
public record RunParameters(String jobKey, String input, String output, long runNumber, String model, String promptSha256,
        String requestSettings, boolean force, CaptionRunner.Selection selection, boolean allowShrink, boolean detach, String report,
        Partitioning partitioning) {

    /** Identifying: the job's key and the run number. Runs of release 0.1 were identified by {@link #INPUT}, {@link #OUTPUT} and {@link #RUN}. */
    static final String JOB = "job";
    static final String RUN = "run";
    static final String INPUT = "input";
    static final String OUTPUT = "output";
    static final String RUN_NUMBER = "runNumber";
    static final String MODEL = "model";
    static final String PROMPT_SHA256 = "promptSha256";
    /** The prompt's text, as release 0.1 kept it. */
    static final String PROMPT = "prompt";
    static final String REQUEST_SETTINGS = "requestSettings";
    static final String FORCE = "force";
    static final String LIMIT = "limit";
    static final String INCLUDE = "include";
    static final String EXCLUDE = "exclude";
    static final String ALLOW_SHRINK = "allowShrink";
    static final String DETACH = "detach";
    static final String REPORT = "report";
    static final String PARTITIONS = "partitions";
    static final String PARTITION_SIZE = "partitionSize";
    static final String PARTITION_THREADS = "partitionThreads";

    /**
     * How the caption step splits the walk and runs the parts: {@code count} partitions, or (when 0) partitions of
     * {@code size} images; {@code threads} of them at once in this process. Runs of earlier releases have none: one
     * partition, on one thread, as they ran.
     */
    public record Partitioning(int count, int size, int threads) {

        public static final Partitioning WHOLE = new Partitioning(1, 0, 1);
        /** Each partition is a step execution in the job repository, made at the step's start: beyond this, larger ones. */
        public static final int MOST = 10_000;

        public Partitioning {
            if (count < 0 || size < 0 || (count == 0 && size == 0)) {
                throw new IllegalArgumentException("partitions: a count or a size, was " + count + " and " + size);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("partition threads must be at least 1, was " + threads);
            }
        }

        /** How many partitions a walk of {@code walked} images splits into: at least one, at most the images and {@link #MOST}. */
        public int partitionsOf(long walked) {
            long wanted = count > 0 ? count : (walked + size - 1) / size;
            return (int) Math.max(1, Math.min(MOST, Math.min(wanted, walked)));
        }
    }

    /** The identifying parameters of run {@code runNumber} of a job. */
    public static JobParameters identity(String jobKey, long runNumber) {
        return new JobParametersBuilder().addString(JOB, jobKey).addLong(RUN, runNumber).toJobParameters();
    }

    /** Only the identifying parameters of {@code parameters}: what resumes the same run, whichever release started it. */
    public static JobParameters identifying(JobParameters parameters) {
        JobParametersBuilder builder = new JobParametersBuilder();
        parameters.getIdentifyingParameters().forEach(builder::addJobParameter);
        return builder.toJobParameters();
    }

    /** A run's parameters as its job execution holds them. */
    public static RunParameters of(JobParameters parameters) {
        String input = parameters.getString(INPUT);
        String output = parameters.getString(OUTPUT);
        String promptHash = parameters.getString(PROMPT_SHA256);
        String oldText = parameters.getString(PROMPT);
        if (promptHash == null && oldText != null) {
            promptHash = RunPrompts.hash(oldText);
        }
        Long runNumber = parameters.getLong(RUN_NUMBER);
        Long partitions = parameters.getLong(PARTITIONS);
        Partitioning partitioning = partitions == null ? Partitioning.WHOLE
                : new Partitioning(Math.toIntExact(partitions), Math.toIntExact(parameters.getLong(PARTITION_SIZE, 0L)),
                        Math.toIntExact(parameters.getLong(PARTITION_THREADS, 1L)));
        return new RunParameters(parameters.getString(JOB), input, output,
                runNumber == null ? 0 : runNumber, parameters.getString(MODEL), promptHash,
                parameters.getString(REQUEST_SETTINGS, RequestSettings.LEGACY), Boolean.parseBoolean(parameters.getString(FORCE)),
                new CaptionRunner.Selection(parameters.getLong(LIMIT, 0L), parameters.getString(INCLUDE, ""),
                        parameters.getString(EXCLUDE, "")),
                Boolean.parseBoolean(parameters.getString(ALLOW_SHRINK)), Boolean.parseBoolean(parameters.getString(DETACH)),
                parameters.getString(REPORT), partitioning);
    }

    /** These parameters under {@code identity}: the run's own identifying ones, whichever release wrote them. */
    public JobParameters toJobParameters(JobParameters identity) {
        JobParametersBuilder builder = new JobParametersBuilder(identity);
        if (identity.getParameter(INPUT) == null) {
            // (A run of release 0.1 is identified by its input and output themselves.)
            builder.addString(INPUT, input, false).addString(OUTPUT, output, false);
        }
        return builder
                .addLong(RUN_NUMBER, runNumber, false)
                .addString(MODEL, model, false)
                .addString(PROMPT_SHA256, promptSha256, false)
                .addString(REQUEST_SETTINGS, requestSettings, false)
                .addString(FORCE, String.valueOf(force), false)
                .addLong(LIMIT, selection.limit(), false)
                .addString(INCLUDE, selection.include(), false)
                .addString(EXCLUDE, selection.exclude(), false)
                .addString(ALLOW_SHRINK, String.valueOf(allowShrink), false)
                .addString(DETACH, String.valueOf(detach), false)
                .addString(REPORT, report == null ? "" : report, false)
                .addLong(PARTITIONS, (long) partitioning.count(), false)
                .addLong(PARTITION_SIZE, (long) partitioning.size(), false)
                .addLong(PARTITION_THREADS, (long) partitioning.threads(), false)
                .toJobParameters();
    }

    /** Whether the run takes a part of its input on purpose (a limit or globs): a pilot. */
    public boolean pilot() {
        return selection.limit() > 0 || !selection.include().isEmpty() || !selection.exclude().isEmpty();
    }

    /** The report page the run's command writes: as it was given, or beside the CSV for runs from before it was. */
    public Optional<Path> reportPage(String localCsv) {
        if (report == null) {
            return Optional.of(Path.of(RunSummary.Files.reportFor(localCsv)));
        }
        return report.isEmpty() ? Optional.empty() : Optional.of(Path.of(report));
    }
}
