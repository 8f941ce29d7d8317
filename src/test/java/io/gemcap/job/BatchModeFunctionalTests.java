package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gemcap.image.ImageInspector;
import io.gemcap.testing.ChildJvm;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --mode batch}: the same CSV as online at half the price, through shards, batches and the job database. */
class BatchModeFunctionalTests extends FolderJobTest {

    private final List<Path> images = new ArrayList<>();

    @BeforeEach
    void images() {
        for (int i = 0; i < 9; i++) {
            images.add(TestImages.write(input.resolve("d" + (i % 2) + "/img" + i + ".png"), TestImages.png(30 + i, 20, i)));
        }
        TestImages.write(input.resolve("d0/notes.png"), "not an image".getBytes(StandardCharsets.UTF_8));
        cli.set("gemcap.batch.shard-images", "4").set("gemcap.batch.poll-first", "10ms");
    }

    private static List<String> withoutTimings(CSVRecord row) {
        List<String> cells = new ArrayList<>(row.toList());
        int latency = row.getParser().getHeaderMap().get("latency_ms");
        int cost = row.getParser().getHeaderMap().get("cost_usd");
        cells.set(latency, "");
        cells.set(cost, "");
        return cells;
    }

    @Test
    void aBatchRunWritesTheCsvAnOnlineRunWouldInWalkOrderAtHalfTheCost() throws Exception {
        Files.writeString(input.resolve("readme.txt"), "not an image, and not a row");

        GemcapCli.Result batch = run("--mode", "batch");

        assertThat(batch.exitCode()).as(batch.err()).isZero();
        assertThat(batch.out()).contains("run 1 completed: 10 images").contains("and 1 non-image files");
        assertThat(emulator.batchesCreated()).isEqualTo(3);
        assertThat(emulator.calls()).isZero();
        List<CSVRecord> batchRows = CsvFiles.records(output);
        for (Path image : images) {
            assertThat(emulator.callsFor(ImageInspector.sha256(Files.readAllBytes(image)))).isEqualTo(1);
        }
        // neither the service nor the project's data folder holds anything of the run once it is published
        assertThat(emulator.filesStored()).isZero();
        assertThat(dir.resolve("db/data/batches")).isEmptyDirectory();

        Path online = dir.resolve("online.csv");
        GemcapCli.Result onlineRun = new GemcapCli(dir.resolve("db-online")).env("GEMINI_API_KEY", io.gemcap.gemini.emulator.GeminiEmulator.DEFAULT_KEY)
                .run("run", "--input", input.toString(), "--output", online.toString(), "--endpoint", emulator.baseUrl());
        assertThat(onlineRun.exitCode()).as(onlineRun.err()).isZero();
        List<CSVRecord> onlineRows = CsvFiles.records(online);
        assertThat(batchRows.stream().map(BatchModeFunctionalTests::withoutTimings).toList())
                .isEqualTo(onlineRows.stream().map(BatchModeFunctionalTests::withoutTimings).toList());
        for (int i = 0; i < batchRows.size(); i++) {
            if (!batchRows.get(i).get("source").equals("call")) {
                continue;
            }
            assertThat(new BigDecimal(batchRows.get(i).get("cost_usd")).multiply(BigDecimal.valueOf(2)))
                    .isEqualByComparingTo(new BigDecimal(onlineRows.get(i).get("cost_usd")));
        }
        // and the run's cost in run.json is the rows' cost: half the online run's, which it names too
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var batchReport = json.readTree(Path.of(output + ".run.json").toFile());
        double onlineCost = json.readTree(Path.of(online + ".run.json").toFile()).get("costUsd").asDouble();
        assertThat(batchReport.get("costUsd").asDouble() * 2).isCloseTo(onlineCost, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(batchReport.get("onlineCostUsd").asDouble()).isCloseTo(onlineCost, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(batch.out()).contains(String.format(java.util.Locale.ROOT, "(online: $%.4f)", onlineCost));
        // and an estimate in Batch Mode prices at the batch rate
        GemcapCli.Result estimate = cli.run("estimate", "--input", input.toString(), "--mode", "batch");
        assertThat(estimate.out()).contains("Batch Mode at 50 % of that");
    }

    @Test
    void answersOutOfOrderStillGiveTheCsvInWalkOrder() {
        emulator.reverseBatchResults(true);

        GemcapCli.Result result = run("--mode", "batch");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> paths = CsvFiles.records(output).stream().map(r -> r.get("path")).toList();
        assertThat(paths).containsExactly("d0/img0.png", "d0/img2.png", "d0/img4.png", "d0/img6.png", "d0/img8.png", "d0/notes.png",
                "d1/img1.png", "d1/img3.png", "d1/img5.png", "d1/img7.png");
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("status").equals("ok"))
                .allSatisfy(r -> assertThat(r.get("caption")).contains(r.get("sha256").substring(0, 12)));
    }

    @Test
    void submissionsStayUnderTheEnqueuedTokenLimitTheServiceEnforces() {
        // each shard of 4 images is about 4 x 300 input tokens: the window lets one in at a time, as the service would
        emulator.setEnqueuedTokenLimit(1300);
        emulator.setBatchTurnaround(Duration.ofMillis(300));
        cli.set("gemcap.batch.max-enqueued-tokens", "1300");

        GemcapCli.Result result = run("--mode", "batch");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(emulator.batchCreatesRefused()).isZero();
        assertThat(emulator.batchesCreated()).isEqualTo(3);
        assertThat(CsvFiles.records(output)).hasSize(10);
    }

    @Test
    void detachLeavesTheBatchesRunningAndTheSameCommandCollectsThem() throws Exception {
        emulator.holdBatches(true);

        GemcapCli.Result left = run("--mode", "batch", "--detach");

        assertThat(left.exitCode()).as(left.err() + left.out()).isEqualTo(4);
        assertThat(left.err()).contains("left 3 batches with the service").contains("run the same command to collect them");
        assertThat(Files.exists(output)).isFalse();
        assertThat(emulator.batchesPending()).isEqualTo(3);

        emulator.holdBatches(false);
        GemcapCli.Result collected = run("--mode", "batch", "--detach");

        assertThat(collected.exitCode()).as(collected.err()).isZero();
        assertThat(collected.out()).contains("run 1 completed: 10 images");
        assertThat(CsvFiles.records(output)).hasSize(10);
        assertThat(emulator.batchesCreated()).isEqualTo(3);
        for (Path image : images) {
            assertThat(emulator.callsFor(ImageInspector.sha256(Files.readAllBytes(image)))).isEqualTo(1);
        }
    }

    @Test
    void anotherJobOfTheQuotaPoolWaitsWhileTheFirstFillsTheProjectsBatchWindow() throws Exception {
        // given a project allowing 3 batches at once, and a job that left 3 with the service
        cli.set("gemcap.batch.max-running", "3");
        emulator.holdBatches(true);
        assertThat(run("--mode", "batch", "--detach").exitCode()).isEqualTo(4);
        Path feed = dir.resolve("feed");
        for (int i = 100; i < 104; i++) {
            TestImages.write(feed.resolve("img" + i + ".png"), TestImages.png(30, 20, i));
        }
        String[] feedJob = {"run", "--input", feed.toString(), "--output", dir.resolve("feed.csv").toString(), "--endpoint",
                emulator.baseUrl(), "--mode", "batch", "--detach"};

        // when another job of the same key (so the same pool) runs on the same job database
        GemcapCli.Result waiting = cli.run(feedJob);

        // then it submits nothing while the window is full, and goes on once the first job's batches are collected
        assertThat(waiting.exitCode()).as(waiting.err()).isEqualTo(4);
        assertThat(waiting.err()).contains("submitted nothing").contains("other runs of its quota pool");
        assertThat(emulator.batchesCreated()).isEqualTo(3);
        emulator.holdBatches(false);
        assertThat(run("--mode", "batch", "--detach").exitCode()).isZero();
        GemcapCli.Result submitted = cli.run(feedJob);
        assertThat(submitted.exitCode()).as(submitted.err()).isZero();
        assertThat(emulator.batchesCreated()).isEqualTo(4);
        assertThat(CsvFiles.records(dir.resolve("feed.csv"))).hasSize(4);
    }

    @Test
    void aNightlyDetachLineCollectsLastNightsBatchesAndSubmitsTonightsImages() throws Exception {
        emulator.holdBatches(true);
        assertThat(run("--mode", "batch", "--detach").exitCode()).isEqualTo(4);

        // the next night: two new images, last night's batches done
        for (int i = 9; i < 11; i++) {
            images.add(TestImages.write(input.resolve("d2/img" + i + ".png"), TestImages.png(30 + i, 20, i)));
        }
        emulator.releaseHeldBatches();
        GemcapCli.Result night2 = run("--mode", "batch", "--detach");

        assertThat(night2.exitCode()).as(night2.err() + night2.out()).isEqualTo(4);
        assertThat(night2.err()).contains("run 1 completed: 10 images").contains("then run 2 left 1 batches with the service");
        // the published CSV is run 1's
        assertThat(CsvFiles.records(output)).hasSize(10);
        assertThat(emulator.batchesCreated()).isEqualTo(4);

        emulator.holdBatches(false);
        GemcapCli.Result night3 = run("--mode", "batch", "--detach");

        assertThat(night3.exitCode()).as(night3.err()).isZero();
        assertThat(night3.out()).contains("run 2 completed: 12 images").contains("then run 3 completed: 12 images");
        assertThat(CsvFiles.records(output)).hasSize(12);
        assertThat(emulator.batchesCreated()).isEqualTo(4);
        assertEachImageSentOnce();
    }

    @Test
    void aFailedBatchGivesFailedRowsThatTheNextNightSendsAgain() throws Exception {
        emulator.failNextBatch("BATCH_STATE_FAILED");

        GemcapCli.Result first = run("--mode", "batch");

        assertThat(first.exitCode()).as(first.err()).isZero();
        List<CSVRecord> failed = CsvFiles.records(output).stream().filter(r -> r.get("status").equals("failed")).toList();
        assertThat(failed).hasSize(4).allSatisfy(r -> assertThat(r.get("error")).contains("ended FAILED")
                .contains("the next run sends it again"));

        GemcapCli.Result second = run("--mode", "batch");

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("status").equals("failed")).isEmpty();
        assertThat(emulator.batchesCreated()).isEqualTo(4);
    }

    private String sha256(int image) throws Exception {
        return ImageInspector.sha256(Files.readAllBytes(images.get(image)));
    }

    private com.fasterxml.jackson.databind.JsonNode runJson() throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of(output + ".run.json").toFile());
    }

    @Test
    void requestsThatFailTransientlyAreSentAgainInALaterShardAndEveryImageEndsOk() throws Exception {
        // given a service that answers half the images' first batch requests with 13 INTERNAL
        emulator.faults().failBatchRequests(13, 0.5, 1);

        GemcapCli.Result result = run("--mode", "batch");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("run 1 completed: 10 images (9 ok, 1 rejected");
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("status").equals("ok")).hasSize(9);
        int sentAgain = emulator.batchRequestsAnswered() - 9;
        assertThat(sentAgain).isPositive();
        assertThat(emulator.batchesCreated()).isGreaterThan(3);
        // each image answered (and paid) once; the requests sent again are the run's retries
        assertEachImageSentOnce();
        assertThat(runJson().get("quota").get("retries").asInt()).isEqualTo(sentAgain);
        assertThat(result.out()).contains(", " + sentAgain + " retries");
        assertThat(dir.resolve("db/data/batches")).isEmptyDirectory();
    }

    @Test
    void anImageThatAlwaysFailsTransientlyIsAFailedRowAfterItsAttemptsAndTheNextRunSendsItAgain() throws Exception {
        cli.set("gemcap.retry.attempts", "3");
        emulator.faults().failBatchRequestsFor(13, java.util.Set.of(sha256(1)), Integer.MAX_VALUE);

        GemcapCli.Result first = run("--mode", "batch");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("status").equals("failed")).singleElement()
                .satisfies(r -> assertThat(r.get("path")).isEqualTo("d1/img1.png"))
                .satisfies(r -> assertThat(r.get("error")).isEqualTo("13 INTERNAL: Internal error encountered. (in Batch Mode, 3 attempts"
                        + " in this run; the next run sends it again)"));
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("status").equals("ok")).hasSize(8);
        assertThat(emulator.batchRequestsAnswered()).isEqualTo(8 + 3);
        assertThat(first.out()).contains("(8 ok, 1 rejected, 0 blocked, 1 failed)").contains(", 2 retries");
        assertThat(runJson().get("quota").get("retries").asInt()).isEqualTo(2);

        emulator.faults().clear();
        GemcapCli.Result second = run("--mode", "batch");

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("status").equals("ok")).hasSize(9);
        assertThat(emulator.batchRequestsAnswered()).isEqualTo(8 + 3 + 1);
        assertThat(runJson().get("quota").get("retries").asInt()).isZero();
    }

    @Test
    void underDetachATransientFailureIsAFailedRowSoTheRunIsPublishedAndTheNextRunSendsItAgain() throws Exception {
        emulator.faults().failBatchRequestsFor(13, java.util.Set.of(sha256(1)), 1);
        emulator.holdBatches(true);
        assertThat(run("--mode", "batch", "--detach").exitCode()).isEqualTo(4);

        emulator.releaseHeldBatches();
        GemcapCli.Result night2 = run("--mode", "batch", "--detach");

        assertThat(night2.exitCode()).as(night2.err() + night2.out()).isEqualTo(4);
        assertThat(night2.err()).contains("run 1 completed: 10 images (8 ok, 1 rejected, 0 blocked, 1 failed)")
                .contains("then run 2 left 1 batches with the service");
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("status").equals("failed")).singleElement()
                .satisfies(r -> assertThat(r.get("error")).startsWith("13 INTERNAL: Internal error encountered."));

        emulator.holdBatches(false);
        GemcapCli.Result night3 = run("--mode", "batch", "--detach");

        assertThat(night3.exitCode()).as(night3.err()).isZero();
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("status").equals("ok")).hasSize(9);
        assertThat(emulator.batchRequestsAnswered()).isEqualTo(9 + 1);
    }

    @Test
    void anInvalidArgumentAboutTheImageIsFinalAtOnce() throws Exception {
        emulator.faults().failBatchRequestsFor(3, java.util.Set.of(sha256(1)), Integer.MAX_VALUE);

        GemcapCli.Result result = run("--mode", "batch");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("path").equals("d1/img1.png")).singleElement()
                .satisfies(r -> assertThat(r.get("status")).isEqualTo("rejected"))
                .satisfies(r -> assertThat(r.get("error")).contains("Unable to process input image"));
        assertThat(emulator.batchRequestsAnswered()).isEqualTo(9);
        assertThat(emulator.batchesCreated()).isEqualTo(3);
        assertThat(runJson().get("quota").get("retries").asInt()).isZero();
    }

    @Test
    void killedBetweenACollectionAndTheResubmissionTheSameCommandSendsAgainOnlyWhatFailed() throws Exception {
        // given a run whose batches are all submitted, one image of them answered 13 INTERNAL once
        emulator.faults().failBatchRequestsFor(13, java.util.Set.of(sha256(1)), 1);
        emulator.holdBatches(true);
        Process child = ChildJvm.start(cli, List.of(runArgs("--mode", "batch")), dir.resolve("child.log"));
        await().atMost(Duration.ofSeconds(60)).until(() -> emulator.batchesCreated() == 3 || !child.isAlive());
        // when the batches are answered and collected, and the process is killed as it uploads the request sent again
        emulator.setUploadDelay(Duration.ofSeconds(5));
        emulator.holdBatches(false);
        await().atMost(Duration.ofSeconds(60)).until(() -> emulator.uploadsStarted() >= 4 || !child.isAlive());
        assertThat(child.isAlive()).as("child ended early; see " + dir.resolve("child.log")).isTrue();
        child.destroyForcibly().waitFor();
        emulator.setUploadDelay(Duration.ZERO);

        GemcapCli.Result resumed = run("--mode", "batch");

        // then the same command sends that one request again and nothing that was answered
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(10).extracting(r -> r.get("path")).doesNotHaveDuplicates();
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("status").equals("ok")).hasSize(9);
        assertThat(emulator.batchRequestsAnswered()).isEqualTo(9 + 1);
        assertThat(emulator.batchesCreated()).isEqualTo(4);
        assertEachImageSentOnce();
        assertThat(runJson().get("quota").get("retries").asInt()).isEqualTo(1);
    }

    @Test
    void killedWhileItsBatchesRunTheSameCommandCollectsThemWithoutSubmittingAgain() throws Exception {
        emulator.holdBatches(true);
        killBatchRunWhen(() -> emulator.batchesCreated() == 3);

        emulator.holdBatches(false);
        GemcapCli.Result resumed = run("--mode", "batch");

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(10).extracting(r -> r.get("path")).doesNotHaveDuplicates();
        assertThat(emulator.batchesCreated()).isEqualTo(3);
        assertEachImageSentOnce();
    }

    @Test
    void killedWhileABatchIsBeingCreatedTheSameCommandFindsItInsteadOfCreatingASecond() throws Exception {
        emulator.setBatchCreateDelay(Duration.ofSeconds(2));
        killBatchRunWhen(() -> emulator.batchCreateRequests() >= 1);
        // the service makes the batch although its caller is gone
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.batchesCreated() == 1);
        emulator.setBatchCreateDelay(Duration.ZERO);

        GemcapCli.Result resumed = run("--mode", "batch");

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(10).extracting(r -> r.get("path")).doesNotHaveDuplicates();
        assertThat(emulator.batchesCreated()).isEqualTo(3);
        assertEachImageSentOnce();
    }

    @Test
    void sigtermWhileABatchIsBeingCreatedRecordsItExitsFourAndTheSameCommandCollectsItWithoutAnotherCreation() throws Exception {
        // given a batch run in its own JVM whose first batch's creation takes a while
        emulator.setBatchCreateDelay(Duration.ofSeconds(3));
        Process child = ChildJvm.start(cli, List.of(runArgs("--mode", "batch")), dir.resolve("child.log"));
        await().atMost(Duration.ofSeconds(60)).until(() -> emulator.batchCreateRequests() >= 1 || !child.isAlive());
        assertThat(child.isAlive()).as("child ended early; see " + dir.resolve("child.log")).isTrue();

        // when it gets SIGTERM during the creation
        child.destroy();

        // then it finishes the creation, records the batch, submits nothing more and exits 4
        assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(dir.resolve("child.log"));
        assertThat(child.exitValue()).as(said).isEqualTo(4);
        assertThat(said).contains("stopping: nothing new is submitted");
        assertThat(emulator.batchCreateRequests()).isEqualTo(1);
        org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(
                new org.springframework.jdbc.datasource.SimpleDriverDataSource(new org.h2.Driver(), cli.jdbcUrl(), "sa", ""));
        assertThat(jdbc.queryForList("SELECT state FROM gemcap_batch WHERE batch_name IS NOT NULL", String.class))
                .as("the batch the service made is recorded").containsExactly("created");

        // and the same command collects it and submits the rest, each image once
        emulator.setBatchCreateDelay(Duration.ZERO);
        GemcapCli.Result resumed = run("--mode", "batch");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(10).extracting(r -> r.get("path")).doesNotHaveDuplicates();
        assertThat(emulator.batchesCreated()).isEqualTo(3);
        assertThat(emulator.batchCreateRequests()).isEqualTo(3);
        assertEachImageSentOnce();
    }

    @Test
    void killedMidUploadTheSameCommandUploadsTheShardAgainAndSubmitsItOnce() throws Exception {
        emulator.setUploadDelay(Duration.ofSeconds(3));
        killBatchRunWhen(() -> emulator.uploadsStarted() >= 1);
        emulator.setUploadDelay(Duration.ZERO);

        GemcapCli.Result resumed = run("--mode", "batch");

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(10).extracting(r -> r.get("path")).doesNotHaveDuplicates();
        assertThat(emulator.batchesCreated()).isEqualTo(3);
        assertEachImageSentOnce();
    }

    @Test
    void killedWhileCollectingTheSameCommandCollectsAgainWithoutDuplicatesOrMissingRows() throws Exception {
        emulator.setDownloadDelay(Duration.ofSeconds(3));
        killBatchRunWhen(() -> emulator.fileDownloads() >= 1);
        emulator.setDownloadDelay(Duration.ZERO);

        GemcapCli.Result resumed = run("--mode", "batch");

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(10).extracting(r -> r.get("path")).doesNotHaveDuplicates();
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("status").equals("ok")).hasSize(9);
        assertThat(emulator.batchesCreated()).isEqualTo(3);
        assertEachImageSentOnce();
        assertThat(emulator.filesStored()).isZero();
    }

    @Test
    void killedWhilePreparingTheSameCommandPreparesTheRestAndSubmitsEachImageOnce() throws Exception {
        // given photos large enough that preparing them (decode, scale, encode) takes a while
        for (int i = 0; i < 40; i++) {
            images.add(TestImages.write(input.resolve("big/photo" + i + ".jpg"), TestImages.jpeg(2400, 1800, 100 + i)));
        }
        Path shardsFolder = dir.resolve("db").resolve("data").resolve("batches");
        killBatchRunWhen(() -> shardFiles(shardsFolder) >= 2);
        assertThat(emulator.batchesCreated()).isZero();

        GemcapCli.Result resumed = run("--mode", "batch");

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(50).extracting(r -> r.get("path")).doesNotHaveDuplicates();
        assertThat(emulator.batchesCreated()).isEqualTo(13);
        // (the photos are sent downscaled, so they are counted as requests rather than by their files' content)
        assertThat(emulator.batchRequestsAnswered()).isEqualTo(49);
    }

    private static long shardFiles(Path folder) throws java.io.IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (var files = Files.walk(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).count();
        }
    }

    /** Starts {@code run --mode batch} in a JVM of its own and kills it (SIGKILL) once {@code moment} holds. */
    private void killBatchRunWhen(java.util.concurrent.Callable<Boolean> moment) throws Exception {
        Process child = ChildJvm.start(cli, List.of(runArgs("--mode", "batch")), dir.resolve("child.log"));
        await().atMost(Duration.ofSeconds(60)).until(() -> moment.call() || !child.isAlive());
        assertThat(child.isAlive()).as("child ended early; see " + dir.resolve("child.log")).isTrue();
        child.destroyForcibly().waitFor();
    }

    private void assertEachImageSentOnce() throws Exception {
        for (Path image : images) {
            assertThat(emulator.callsFor(ImageInspector.sha256(Files.readAllBytes(image)))).as(image.toString()).isEqualTo(1);
        }
    }

    @Test
    void aShardThatCouldPassTheBudgetIsNotSubmittedAndAHigherBudgetResumesTheRun() throws Exception {
        // shards of two images: each could cost 0.000135 USD at worst (256 output tokens each), costs about 0.000036; the
        // start-up check (online) about 0.00004
        cli.set("gemcap.batch.shard-images", "2");
        GemcapCli.Result stopped = run("--mode", "batch", "--budget", "0.0002");

        assertThat(stopped.exitCode()).as(stopped.err() + stopped.out()).isEqualTo(4);
        assertThat(stopped.err()).contains("stopped at its budget").contains("could take this run past its budget of 0.0002 USD");
        assertThat(emulator.batchesCreated()).isEqualTo(1);
        assertThat(cli.results().costPaid(cli.lastInstanceId()).doubleValue()).isPositive().isLessThanOrEqualTo(0.0002);
        double billed = emulator.invoice().usd(new io.gemcap.usage.Prices("", "", java.util.Map.of("gemini-2.5-flash-lite",
                new io.gemcap.usage.Prices.ModelPrice(0.10, 0.40))), 0.5);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of(output + ".run.json").toFile()).get("billedUsd")
                .asDouble()).isCloseTo(billed, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(billed).isLessThanOrEqualTo(0.0002);

        GemcapCli.Result resumed = run("--mode", "batch", "--budget", "1");

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(10);
        assertThat(emulator.batchesCreated()).isEqualTo(5);
        assertEachImageSentOnce();
    }

    @Test
    void restartFreshIsRefusedWhileBatchesRunUnlessTheyAreAbandonedAndThenCancelled() {
        emulator.holdBatches(true);
        assertThat(run("--mode", "batch", "--detach").exitCode()).isEqualTo(4);

        GemcapCli.Result refused = run("--mode", "batch", "--restart-fresh");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("run 1 has 3 batches with the service").contains("--abandon-batches");
        assertThat(emulator.batchesPending()).isEqualTo(3);

        GemcapCli.Result fresh = run("--mode", "batch", "--detach", "--restart-fresh", "--abandon-batches");

        // the three are cancelled; run 2 submits its own
        assertThat(fresh.exitCode()).as(fresh.err()).isEqualTo(4);
        assertThat(fresh.err()).contains("run 2 left 3 batches");
        assertThat(emulator.batchesCreated()).isEqualTo(6);
        assertThat(emulator.batchesPending()).isEqualTo(3);
    }

    @Test
    void stopWithCancelCancelsTheRunsBatchesAndTheirImagesAreSentAgainLater() throws Exception {
        emulator.holdBatches(true);
        assertThat(run("--mode", "batch", "--detach").exitCode()).isEqualTo(4);
        String id = String.valueOf(cli.lastExecutionId());

        GemcapCli.Result stop = cli.run("stop", id, "--cancel", "--endpoint", emulator.baseUrl());

        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("cancelling 3 batches of run " + id);
        assertThat(emulator.batchesPending()).isZero();
        // the run is collected as cancelled: its images failed, for the next run to send again
        emulator.holdBatches(false);
        assertThat(run("--mode", "batch").exitCode()).isZero();
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("status").equals("failed")).hasSize(9)
                .allSatisfy(r -> assertThat(r.get("error")).contains("ended CANCELLED"));
        assertThat(run("--mode", "batch").exitCode()).isZero();
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("status").equals("ok")).hasSize(9);
    }

    @Test
    void imagesWhoseBatchesFailedThreeTimesTheSameWayAreNotSentAgain() {
        for (int night = 1; night <= 3; night++) {
            emulator.failNextBatch("BATCH_STATE_FAILED");
            assertThat(run("--mode", "batch").exitCode()).isZero();
        }
        int created = emulator.batchesCreated();

        GemcapCli.Result fourth = run("--mode", "batch");

        assertThat(fourth.exitCode()).as(fourth.err()).isZero();
        assertThat(emulator.batchesCreated()).isEqualTo(created);
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("status").equals("failed")).hasSize(4)
                .allSatisfy(r -> assertThat(r.get("error")).contains("ended FAILED 3 times: not sent again"));
        // --force sends them anyway
        assertThat(run("--mode", "batch", "--force").exitCode()).isZero();
        assertThat(CsvFiles.records(output)).filteredOn(r -> r.get("status").equals("ok")).hasSize(9);
    }

    @Test
    void anUnfinishedBatchRunIsNotResumedOnline() {
        emulator.holdBatches(true);
        assertThat(run("--mode", "batch", "--detach").exitCode()).isEqualTo(4);

        GemcapCli.Result online = run();

        assertThat(online.exitCode()).isEqualTo(2);
        assertThat(online.err()).contains("--mode batch (now online)");
    }
}
