package io.gemcap.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.types.GenerateContentResponse;
import io.gemcap.caption.ImagePreparer;
import io.gemcap.gemini.AnswerSchema;
import io.gemcap.gemini.ApiKey;
import io.gemcap.gemini.CallOutcome;
import io.gemcap.gemini.GeminiCaptioner;
import io.gemcap.gemini.GeminiClients;
import io.gemcap.gemini.GeminiSettings;
import io.gemcap.gemini.OutcomeClassifier;
import io.gemcap.gemini.RequestSettings;
import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.image.DecodeBudget;
import io.gemcap.image.Detail;
import io.gemcap.image.Dimensions;
import io.gemcap.image.ImageConverter;
import io.gemcap.image.ImageDefect;
import io.gemcap.image.ImageInspector;
import io.gemcap.image.ImageLimits;
import io.gemcap.image.ImageType;
import io.gemcap.image.Inspection;
import io.gemcap.image.PreparedImage;
import io.gemcap.image.Rejection;
import io.gemcap.image.SendableImage;
import io.gemcap.policy.BreakerSettings;
import io.gemcap.policy.CallPolicy;
import io.gemcap.policy.LimitSettings;
import io.gemcap.policy.QuotaGate;
import io.gemcap.policy.RetrySettings;
import io.gemcap.source.FolderImageSource;
import io.gemcap.source.ImageRef;
import io.gemcap.source.ImageTooLargeException;
import io.gemcap.testing.TestImages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class of each reason the code writes, from the code that writes it (a reworded reason fails here), and the
 * closed list holding whatever the text.
 */
class ReasonClassTests {

    private static final ImageInspector INSPECTOR = new ImageInspector(ImageLimits.GEMINI_INLINE);
    private static final OptionalInt LOW = OptionalInt.of(768);

    @TempDir
    Path folder;

    private static String rejected(String error) {
        return ReasonClass.of(RowStatus.REJECTED, error, null);
    }

    private static String failed(String error) {
        return ReasonClass.of(RowStatus.FAILED, error, null);
    }

    private static String inspected(ImageInspector inspector, byte[] bytes) {
        Inspection inspection = inspector.inspect(ImageRef.file("x", bytes.length), bytes);
        assertThat(inspection).isInstanceOf(Rejection.class);
        return ((Rejection) inspection).reason();
    }

    private static String defect(ImageConverter converter, PreparedImage image, OptionalInt longestSide) {
        try {
            converter.convert(image, longestSide);
        } catch (ImageDefect defect) {
            return defect.getMessage();
        }
        throw new AssertionError("converted");
    }

    private static PreparedImage prepared(byte[] bytes) {
        return (PreparedImage) INSPECTOR.inspect(ImageRef.file("x.png", bytes.length), bytes);
    }

    private static byte[] withCrcBroken(byte[] png) {
        byte[] broken = png.clone();
        // the IHDR chunk's CRC, after the signature (8), its length and type (8) and its 13 bytes
        broken[8 + 8 + 13] ^= 0x5a;
        return broken;
    }

    @Test
    void okRowsHaveNoReasonWhateverTheyNote() {
        assertThat(ReasonClass.of(RowStatus.OK, "caption cut at the output token limit (MAX_TOKENS)", "MAX_TOKENS"))
                .isEqualTo(ReasonClass.NONE);
        assertThat(ReasonClass.byStatus().get(RowStatus.OK)).containsExactly(ReasonClass.NONE);
    }

    @Test
    void filesOverALimitAreTooLarge() {
        ImageInspector small = new ImageInspector(new ImageLimits(ImageLimits.GEMINI_INLINE.maxRequestBytes(), 1, 1000));
        assertThat(rejected(small.refuseBySize(ImageRef.file("big.jpg", 5_000_000)).orElseThrow().reason()))
                .isEqualTo(ReasonClass.TOO_LARGE);
        assertThat(rejected(inspected(small, new byte[2000]))).isEqualTo(ReasonClass.TOO_LARGE);
        assertThat(rejected(new ImageTooLargeException(900, 1000).getMessage())).isEqualTo(ReasonClass.TOO_LARGE);
        // a possible decompression bomb: more pixels than the megapixel limit
        ImageInspector onePixelMegapixel = new ImageInspector(new ImageLimits(ImageLimits.GEMINI_INLINE.maxRequestBytes(), 1,
                ImageLimits.GEMINI_INLINE.maxFileBytes()));
        assertThat(rejected(inspected(onePixelMegapixel, TestImages.png(1100, 1000, 1)))).isEqualTo(ReasonClass.TOO_LARGE);
        // more to send than one inline request takes
        String toSend = defect(new ImageConverter(0.85f, 100), prepared(TestImages.png(40, 30, 2)), OptionalInt.empty());
        assertThat(rejected(toSend)).isEqualTo(ReasonClass.TOO_LARGE);
    }

    @Test
    void textEmptyAndUnknownFilesAreNotImages() {
        assertThat(rejected(inspected(INSPECTOR, "a shopping list\n".getBytes(StandardCharsets.UTF_8)))).isEqualTo(ReasonClass.NOT_AN_IMAGE);
        assertThat(rejected(inspected(INSPECTOR, new byte[0]))).isEqualTo(ReasonClass.NOT_AN_IMAGE);
        assertThat(rejected(inspected(INSPECTOR, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}))).isEqualTo(ReasonClass.NOT_AN_IMAGE);
    }

    @Test
    void truncatedCorruptAndMalformedFilesAreMalformed() {
        byte[] jpeg = TestImages.jpeg(64, 48, 3);
        assertThat(rejected(inspected(INSPECTOR, TestImages.truncated(jpeg, jpeg.length / 2)))).isEqualTo(ReasonClass.MALFORMED);
        byte[] png = TestImages.png(64, 48, 4);
        assertThat(rejected(inspected(INSPECTOR, withCrcBroken(png)))).isEqualTo(ReasonClass.MALFORMED);
        byte[] noSize = png.clone();
        ByteBuffer.wrap(noSize, 16, 4).putInt(0);
        assertThat(rejected(inspected(INSPECTOR, noSize))).isEqualTo(ReasonClass.MALFORMED);
    }

    @Test
    void imagesTheConverterCannotDecodeAreUndecodable() {
        byte[] tiff = Arrays.copyOf(TestImages.encoded("tiff", 300, 200), 400);
        PreparedImage broken = new PreparedImage(ImageRef.file("b.tif", tiff.length), tiff, "x", ImageType.TIFF, new Dimensions(300, 200));
        String reason = defect(new ImageConverter(0.85f, ImageLimits.GEMINI_INLINE.maxInlineImageBytes()), broken, LOW);
        assertThat(rejected(reason)).isEqualTo(ReasonClass.UNDECODABLE);
    }

    @Test
    void imagesThatDisappearedAfterTheWalkAreGone() {
        FolderImageSource source = new FolderImageSource(folder);
        assertThatThrownBy(() -> source.read(ImageRef.file("gone.jpg", 10), 1000))
                .satisfies(e -> assertThat(rejected(e.getMessage())).isEqualTo(ReasonClass.GONE));
    }

    @Test
    void theServicesRefusalOfTheImageIsRefusedByTheService() {
        CallOutcome outcome = OutcomeClassifier.fromError(new ClientException(400, "Bad Request",
                "Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"),
                5, "gemini-2.5-flash");
        assertThat(rejected(((CallOutcome.Refused) outcome).message())).isEqualTo(ReasonClass.REFUSED_BY_SERVICE);
    }

    @Test
    void answersThatBreakTheSchemaAreBadAnswersRejectedOrFailed() {
        AnswerSchema schema = AnswerSchema.parse("{\"type\": \"object\", \"required\": [\"title\"], \"properties\": {\"title\":"
                + " {\"type\": \"string\"}}}", "s.json");
        for (String answer : List.of("{\"title\": 7}", "{\"title\": \"cut sho", "")) {
            String problem = schema.problem(answer).orElseThrow();
            assertThat(failed(problem)).as(problem).isEqualTo(ReasonClass.BAD_ANSWER);
            // the third broken answer for the same image: ImageCaptioner adds why it is not sent again
            assertThat(rejected(problem + "; 3 answers for this image broke the schema, so it is not sent again with it"))
                    .isEqualTo(ReasonClass.BAD_ANSWER);
        }
        CallOutcome noText = OutcomeClassifier.fromResponse(GenerateContentResponse.fromJson(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" \"}]},\"finishReason\":\"STOP\"}]}"), 5, "m");
        assertThat(failed(((CallOutcome.Failed) noText).reason())).isEqualTo(ReasonClass.BAD_ANSWER);
    }

    @Test
    void aTemplateWithoutAValueForTheImageIsTemplate() {
        assertThat(rejected(ReasonClass.TEMPLATE_WITHOUT_VALUE + "{camera} for this image (--strict-template)"))
                .isEqualTo(ReasonClass.TEMPLATE);
    }

    @Test
    void blockedRowsAreClassedByTheirFinishReasonOrThePromptsBlockReason() {
        List<String[]> expected = List.of(new String[] {"SAFETY", ReasonClass.SAFETY}, new String[] {"IMAGE_SAFETY", ReasonClass.SAFETY},
                new String[] {"RECITATION", ReasonClass.RECITATION}, new String[] {"PROHIBITED_CONTENT", ReasonClass.PROHIBITED},
                new String[] {"IMAGE_PROHIBITED_CONTENT", ReasonClass.PROHIBITED}, new String[] {"BLOCKLIST", ReasonClass.BLOCKLIST},
                new String[] {"SPII", ReasonClass.PERSONAL_DATA}, new String[] {"LANGUAGE", ReasonClass.LANGUAGE},
                new String[] {"OTHER", ReasonClass.OTHER}, new String[] {"IMAGE_OTHER", ReasonClass.OTHER});
        for (String[] reason : expected) {
            CallOutcome.Blocked stopped = (CallOutcome.Blocked) OutcomeClassifier.fromResponse(GenerateContentResponse.fromJson(
                    "{\"candidates\":[{\"finishReason\":\"" + reason[0] + "\",\"finishMessage\":\"it said SAFETY\"}]}"), 5, "m");
            assertThat(ReasonClass.of(RowStatus.BLOCKED, stopped.reason(), stopped.finishReason())).as(reason[0]).isEqualTo(reason[1]);
        }
        for (String blockReason : List.of("SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "IMAGE_SAFETY", "OTHER")) {
            CallOutcome.Blocked prompt = (CallOutcome.Blocked) OutcomeClassifier.fromResponse(GenerateContentResponse.fromJson(
                    "{\"promptFeedback\":{\"blockReason\":\"" + blockReason + "\",\"blockReasonMessage\":\"no (BLOCKLIST)\"}}"), 5, "m");
            assertThat(prompt.finishReason()).isNull();
            String expectedClass = expected.stream().filter(pair -> pair[0].equals(blockReason)).findFirst().orElseThrow()[1];
            assertThat(ReasonClass.of(RowStatus.BLOCKED, prompt.reason(), null)).as(blockReason).isEqualTo(expectedClass);
        }
    }

    @Test
    void callsThatKeptFailingAreClassedByHowTheyFailed() {
        GeminiEmulator emulator = GeminiEmulator.builder().build().start();
        try {
            emulator.faults().failNext(20, 429);
            assertThat(failed(callFailure(emulator, Duration.ofSeconds(5)))).isEqualTo(ReasonClass.RATE_LIMITED);
            emulator.faults().failNext(3, 503);
            assertThat(failed(callFailure(emulator, Duration.ofSeconds(5)))).isEqualTo(ReasonClass.SERVER_ERROR);
            emulator.faults().hangNext(5, Duration.ofSeconds(1));
            assertThat(failed(callFailure(emulator, Duration.ofMillis(200)))).isEqualTo(ReasonClass.TIMEOUT);
            emulator.faults().clear().answerWrongShape();
            assertThat(failed(callFailure(emulator, Duration.ofSeconds(5)))).isEqualTo(ReasonClass.BAD_ANSWER);
            emulator.faults().clear().refuseRequests("FAILED_PRECONDITION", "User location is not supported for the API use.");
            assertThat(failed(callFailure(emulator, Duration.ofSeconds(5)))).isEqualTo(ReasonClass.REQUEST_REFUSED);
            emulator.faults().clear();
            emulator.stop();
            assertThat(failed(callFailure(emulator, Duration.ofSeconds(5)))).isEqualTo(ReasonClass.CONNECTION);
        } finally {
            emulator.close();
        }
    }

    /** The reason of one image's call through the real client and call policy that did not come to a caption. */
    private static String callFailure(GeminiEmulator emulator, Duration timeout) {
        GeminiSettings settings = new GeminiSettings(emulator.baseUrl(), "v1beta", "gemini-2.5-flash", "Caption this.", timeout, null,
                null, null);
        // Few retries and a short wait per image; a breaker over a long window, so these failures do not read as an outage.
        CallPolicy policy = new CallPolicy(new RetrySettings(2, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(10)),
                new BreakerSettings(50, 50, Duration.ofSeconds(1), Duration.ofSeconds(30)), QuotaGate.inMemory(LimitSettings.unlimited(4)),
                emulator.baseUrl());
        RequestSettings request = new RequestSettings(settings.model(), settings.prompt(), Detail.ORIGINAL, null, null, null, null, null);
        try (Client client = GeminiClients.create(settings, new ApiKey(GeminiEmulator.DEFAULT_KEY))) {
            GeminiCaptioner captioner = new GeminiCaptioner(client, settings, request, policy, java.util.function.UnaryOperator.identity());
            PreparedImage image = prepared(TestImages.png(10, 10, 9));
            CallOutcome outcome = captioner.caption(new SendableImage(image.bytes(), image.type().mime(), image.dimensions(), null), 300,
                    image.sha256());
            if (outcome instanceof CallOutcome.Failed failure) {
                return failure.reason();
            }
            if (outcome instanceof CallOutcome.RequestRefused refused) {
                return refused.message();
            }
            throw new AssertionError("the call came to " + outcome);
        }
    }

    @Test
    void batchLinesThatFailedAreClassedByTheirStatusOrTheBatchsEnd() {
        // BatchClient writes a line's transient error as its gRPC code and name, or its HTTP status; BatchRunTasklet adds the attempts.
        String inBatchMode = " (in Batch Mode, 2 attempts in this run; the next run sends it again)";
        assertThat(failed("8 RESOURCE_EXHAUSTED: Resource has been exhausted" + inBatchMode)).isEqualTo(ReasonClass.RATE_LIMITED);
        assertThat(failed("429: Too many requests" + inBatchMode)).isEqualTo(ReasonClass.RATE_LIMITED);
        assertThat(failed("13 INTERNAL: Internal error encountered." + inBatchMode)).isEqualTo(ReasonClass.SERVER_ERROR);
        assertThat(failed("14 UNAVAILABLE: The service is currently unavailable." + inBatchMode)).isEqualTo(ReasonClass.SERVER_ERROR);
        assertThat(failed("503: overloaded" + inBatchMode)).isEqualTo(ReasonClass.SERVER_ERROR);
        assertThat(failed("4 DEADLINE_EXCEEDED: Deadline expired" + inBatchMode)).isEqualTo(ReasonClass.TIMEOUT);
        assertThat(failed(ReasonClass.BATCH_ENDED_WITHOUT_IT + "batches/abc123 ended EXPIRED; the next run sends it again"))
                .isEqualTo(ReasonClass.BATCH_ENDED);
        assertThat(failed(ReasonClass.BATCHES_ENDED_WITHOUT_IT + "EXPIRED 3 times: not sent again in Batch Mode"))
                .isEqualTo(ReasonClass.BATCH_ENDED);
        assertThat(failed(ReasonClass.BATCH_WITHOUT_ANSWER + inBatchMode)).isEqualTo(ReasonClass.BATCH_ENDED);
        // a 4xx that is neither of these, from a proxy or otherwise, is other
        assertThat(failed("400 from something that is not the Gemini API (Bad Request)")).isEqualTo(ReasonClass.OTHER);
        assertThat(failed("409 conflict")).isEqualTo(ReasonClass.OTHER);
    }

    @Test
    void filesThatCannotBeReadAreUnreadable() throws IOException {
        FolderImageSource source = new FolderImageSource(folder);
        Files.createSymbolicLink(folder.resolve("link.jpg"), folder.resolve("nowhere.jpg"));
        Files.createDirectory(folder.resolve("album.jpg"));
        for (String name : List.of("link.jpg", "album.jpg")) {
            assertThatThrownBy(() -> source.read(ImageRef.file(name, 10), 1000))
                    .satisfies(e -> assertThat(failed(e.getMessage())).as(e.getMessage()).isEqualTo(ReasonClass.UNREADABLE));
        }
    }

    @Test
    void imagesThatTakeMoreMemoryThanThereIsAreOutOfMemory() {
        assertThat(failed(ImagePreparer.failed(ImageRef.file("huge.png", 10), new OutOfMemoryError("Java heap space")).answer().error()))
                .isEqualTo(ReasonClass.OUT_OF_MEMORY);
        ImageConverter tight = new ImageConverter(0.85f, ImageLimits.GEMINI_INLINE.maxInlineImageBytes(), false,
                new DecodeBudget(100, "a test's"));
        String overBudget = defect(tight, prepared(TestImages.png(1200, 900, 5)), LOW);
        assertThat(failed(overBudget)).isEqualTo(ReasonClass.OUT_OF_MEMORY);
        // what broke otherwise is a bug, not a class of its own
        assertThat(failed(ImagePreparer.failed(ImageRef.file("odd.png", 10), new IllegalStateException("no")).answer().error()))
                .isEqualTo(ReasonClass.OTHER);
    }

    @Test
    void everyStatusListsItsClassesOnceEachInSnakeCaseEndingWithOther() {
        assertThat(ReasonClass.byStatus()).containsOnlyKeys(RowStatus.values());
        ReasonClass.byStatus().forEach((status, classes) -> {
            assertThat(classes).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z][a-z_]*[a-z]"));
            if (status != RowStatus.OK) {
                assertThat(classes).last().isEqualTo(ReasonClass.OTHER);
            }
        });
    }

    @Test
    void whateverTheTextTheClassIsInItsStatussListAndNeverThrows() {
        List<String> pieces = new ArrayList<>(List.of("", " ", ":", "429", "503", "408", "13", "8", "4", "999", "0", "12345",
                " INTERNAL:", " RESOURCE_EXHAUSTED:", " DEADLINE_EXCEEDED", "prompt blocked: ", "response stopped: ", "IMAGE_",
                "SAFETY", "(", "ü", "\u0000", "\n", "Ω", "/tmp/photos/a b.jpg", "MB gemcap reads of one image", "the answer ",
                "cannot ", "its batch", "no answer within ", "not an image", "\uD83D\uDE00", "\uD800", "truncated ", "malformed ",
                "cannot decode ", "cannot read ", "empty file", "ran out of memory", "-megapixel limit", "SPII", "RECITATION",
                "PROHIBITED_CONTENT", "BLOCKLIST", "LANGUAGE", OutcomeClassifier.IMAGE_REFUSED, OutcomeClassifier.REQUEST_REFUSED,
                GeminiCaptioner.CANNOT_REACH, io.gemcap.source.ImageGoneException.FILE_GONE, ReasonClass.TEMPLATE_WITHOUT_VALUE,
                ReasonClass.BATCH_WITHOUT_ANSWER));
        pieces.addAll(ReasonClass.byStatus().values().stream().flatMap(List::stream).toList());
        Random random = new Random(23);
        Set<String> seen = new HashSet<>();
        List<String> texts = new ArrayList<>(Arrays.asList(null, "", "x".repeat(2_000_000), "4".repeat(100_000),
                "prompt blocked: " + "S".repeat(1_000_000)));
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(5); n >= 0; n--) {
                text.append(pieces.get(random.nextInt(pieces.size())));
            }
            texts.add(text.toString());
        }
        for (int i = 0; i < texts.size(); i++) {
            String finishReason = random.nextInt(3) == 0 ? null : pieces.get(random.nextInt(pieces.size()));
            for (RowStatus status : RowStatus.values()) {
                String reasonClass = ReasonClass.of(status, texts.get(i), finishReason);
                assertThat(ReasonClass.byStatus().get(status)).contains(reasonClass);
                seen.add(status + " " + reasonClass);
            }
            assertThat(ReasonClass.of(null, texts.get(i), null)).isEqualTo(ReasonClass.OTHER);
        }
        // the odd texts reach every class, so the property is not only about "other"
        assertThat(seen).hasSize(ReasonClass.byStatus().values().stream().mapToInt(List::size).sum());
    }
}
