package io.gemcap.output;

import io.gemcap.gemini.GeminiCaptioner;
import io.gemcap.gemini.OutcomeClassifier;
import io.gemcap.source.ImageGoneException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Why a row is not ok, as one of a closed list of short classes per status: what a metric's {@code reason} label may
 * carry, where the row's own {@code error} holds paths, sizes and the service's words. A class is read from the phrase
 * the code that wrote the row begins (or, for a size limit, words) its reason with; a reason this class does not know is
 * {@code other}. The README lists the classes. Stateless and thread-safe.
 */
public final class ReasonClass {

    /** The class of every ok row. */
    public static final String NONE = "none";
    /** The class of a reason none of its status's classes describes. */
    public static final String OTHER = "other";

    public static final String TOO_LARGE = "too_large";
    public static final String NOT_AN_IMAGE = "not_an_image";
    public static final String MALFORMED = "malformed";
    public static final String UNDECODABLE = "undecodable";
    public static final String GONE = "gone";
    public static final String REFUSED_BY_SERVICE = "refused_by_service";
    public static final String BAD_ANSWER = "bad_answer";
    public static final String TEMPLATE = "template";

    public static final String SAFETY = "safety";
    public static final String RECITATION = "recitation";
    public static final String PROHIBITED = "prohibited";
    public static final String BLOCKLIST = "blocklist";
    public static final String PERSONAL_DATA = "personal_data";
    public static final String LANGUAGE = "language";

    public static final String RATE_LIMITED = "rate_limited";
    public static final String SERVER_ERROR = "server_error";
    public static final String TIMEOUT = "timeout";
    public static final String CONNECTION = "connection";
    public static final String REQUEST_REFUSED = "request_refused";
    public static final String UNREADABLE = "unreadable";
    public static final String OUT_OF_MEMORY = "out_of_memory";
    public static final String BATCH_ENDED = "batch_ended";

    // The phrases rows written in packages built on this one begin their reasons with.

    /** A rejected image whose filled prompt template lacks a value (--strict-template), before the missing fields. */
    public static final String TEMPLATE_WITHOUT_VALUE = "the prompt template has no value for ";
    /** An image whose Batch Mode batch ended without answering it, before the batch's name. */
    public static final String BATCH_ENDED_WITHOUT_IT = "its batch ";
    /** An image not sent in Batch Mode again because its batches kept ending without answering it. */
    public static final String BATCHES_ENDED_WITHOUT_IT = "its batches ended ";
    /** An image a Batch Mode batch that succeeded had no answer for. */
    public static final String BATCH_WITHOUT_ANSWER = "Batch Mode returned no answer for this image";

    private static final Map<RowStatus, List<String>> BY_STATUS = byStatusMap();

    /** Checked in order: phrases the reason begins with first, words anywhere in it last. */
    private static final List<Rule> REJECTED_RULES = List.of(
            starting(REFUSED_BY_SERVICE, OutcomeClassifier.IMAGE_REFUSED),
            // AnswerSchema's problems; the third broken answer for the same image is rejected.
            starting(BAD_ANSWER, "the answer "),
            starting(TEMPLATE, TEMPLATE_WITHOUT_VALUE),
            starting(GONE, ImageGoneException.FILE_GONE, ImageGoneException.OBJECT_DELETED, ImageGoneException.OBJECT_REPLACED),
            // ImageSniffer and the header probe.
            starting(NOT_AN_IMAGE, "not an image", "empty file"),
            // ImageDefect's messages, from the structure checks and the metadata strippers.
            starting(MALFORMED, "truncated ", "malformed ", "corrupt "),
            // ImageDefect's messages from the conversion, and the structures gemcap cannot strip.
            starting(UNDECODABLE, "cannot decode ", "cannot scale ", "cannot encode ", "unsupported "),
            // The read limit (ImageInspector, ImageTooLargeException), the megapixel limit, and the inline request's.
            holding(TOO_LARGE, "MB gemcap reads of one image", "-megapixel limit", "MB to send: one inline request takes at most"));

    private static final List<Rule> FAILED_RULES = List.of(
            starting(TIMEOUT, GeminiCaptioner.NO_ANSWER_WITHIN),
            starting(CONNECTION, GeminiCaptioner.CANNOT_REACH),
            starting(REQUEST_REFUSED, OutcomeClassifier.REQUEST_REFUSED),
            // AnswerSchema's problems, an answer of the wrong shape, and OutcomeClassifier's answers without text.
            starting(BAD_ANSWER, "the answer ", "the response had no ", "the stream ended without"),
            // ImagePreparer's out-of-memory row and DecodeBudget's refusal.
            starting(OUT_OF_MEMORY, "ran out of memory", "decoding this "),
            // The image sources' read errors: a bucket's after retries, a file denied, a broken link, a folder not listable.
            starting(UNREADABLE, "cannot read ", "broken symlink", "cannot list this folder"),
            starting(BATCH_ENDED, BATCH_ENDED_WITHOUT_IT, BATCHES_ENDED_WITHOUT_IT, BATCH_WITHOUT_ANSWER));

    /** The gRPC statuses a batch's line may fail with that Google's APIs map to 500 and 503. */
    private static final List<String> GRPC_SERVER_ERRORS = List.of(" INTERNAL:", " UNAVAILABLE:", " UNKNOWN:", " DATA_LOSS:");

    private ReasonClass() {
    }

    /**
     * The class of a row's outcome: {@code none} for an ok row, else one of its status's {@link #byStatus() classes}.
     * Never throws; a {@code null} or unknown reason is {@code other}.
     *
     * @param error the row's {@code error} column
     * @param finishReason the row's {@code finish_reason} column
     */
    public static String of(RowStatus status, String error, String finishReason) {
        if (status == null) {
            return OTHER;
        }
        return switch (status) {
            case OK -> NONE;
            case BLOCKED -> blocked(error, finishReason);
            case REJECTED -> firstMatch(REJECTED_RULES, error);
            case FAILED -> failed(error);
        };
    }

    /** The closed list of classes of each status, in the order they are shown; each but ok's ends with {@code other}. */
    public static Map<RowStatus, List<String>> byStatus() {
        return BY_STATUS;
    }

    private static Map<RowStatus, List<String>> byStatusMap() {
        Map<RowStatus, List<String>> classes = new EnumMap<>(RowStatus.class);
        classes.put(RowStatus.OK, List.of(NONE));
        classes.put(RowStatus.REJECTED, List.of(TOO_LARGE, NOT_AN_IMAGE, MALFORMED, UNDECODABLE, GONE, REFUSED_BY_SERVICE, BAD_ANSWER,
                TEMPLATE, OTHER));
        classes.put(RowStatus.BLOCKED, List.of(SAFETY, RECITATION, PROHIBITED, BLOCKLIST, PERSONAL_DATA, LANGUAGE, OTHER));
        classes.put(RowStatus.FAILED, List.of(RATE_LIMITED, SERVER_ERROR, TIMEOUT, CONNECTION, REQUEST_REFUSED, BAD_ANSWER, UNREADABLE,
                OUT_OF_MEMORY, BATCH_ENDED, OTHER));
        return java.util.Collections.unmodifiableMap(classes);
    }

    /**
     * By the finish reason the row keeps, or for a blocked prompt (which has none) the block reason its error names: the
     * service's image variants of a reason count as the reason.
     */
    private static String blocked(String error, String finishReason) {
        String reason = finishReason != null ? finishReason : namedIn(error);
        if (reason == null) {
            return OTHER;
        }
        return switch (reason.startsWith("IMAGE_") ? reason.substring("IMAGE_".length()) : reason) {
            case "SAFETY" -> SAFETY;
            case "RECITATION" -> RECITATION;
            case "PROHIBITED_CONTENT" -> PROHIBITED;
            case "BLOCKLIST" -> BLOCKLIST;
            case "SPII" -> PERSONAL_DATA;
            case "LANGUAGE" -> LANGUAGE;
            default -> OTHER;
        };
    }

    /** The reason's name after OutcomeClassifier's phrase ("prompt blocked: SAFETY (...)"), or {@code null}. */
    private static String namedIn(String error) {
        if (error == null) {
            return null;
        }
        int from;
        if (error.startsWith(OutcomeClassifier.PROMPT_BLOCKED)) {
            from = OutcomeClassifier.PROMPT_BLOCKED.length();
        } else if (error.startsWith(OutcomeClassifier.RESPONSE_STOPPED)) {
            from = OutcomeClassifier.RESPONSE_STOPPED.length();
        } else {
            return null;
        }
        int to = from;
        while (to < error.length() && to - from < 64 && (Character.isUpperCase(error.charAt(to)) || error.charAt(to) == '_')) {
            to++;
        }
        return error.substring(from, to);
    }

    private static String failed(String error) {
        if (error == null) {
            return OTHER;
        }
        String byCode = byStatusCode(error);
        return byCode != null ? byCode : firstMatch(FAILED_RULES, error);
    }

    /**
     * The class of a failure that begins with the status the service answered after the retries: online
     * {@code "503 The service is currently unavailable. (gave up after 3 attempts)"}, in Batch Mode {@code "503: ..."} or
     * gRPC's {@code "13 INTERNAL: ..."}; {@code null} for another beginning, or a status that is none of these classes.
     */
    private static String byStatusCode(String error) {
        int digits = 0;
        while (digits < error.length() && digits < 4 && error.charAt(digits) >= '0' && error.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0 || digits == 4 || digits == error.length()) {
            return null;
        }
        String rest = error.substring(digits, Math.min(error.length(), digits + 24));
        if (digits == 3 && (rest.startsWith(" ") || rest.startsWith(":"))) {
            int code = Integer.parseInt(error.substring(0, 3));
            if (code == 429) {
                return RATE_LIMITED;
            }
            return code == 408 || (code >= 500 && code < 600) ? SERVER_ERROR : null;
        }
        if (rest.startsWith(" RESOURCE_EXHAUSTED:")) {
            return RATE_LIMITED;
        }
        if (rest.startsWith(" DEADLINE_EXCEEDED:")) {
            return TIMEOUT;
        }
        return GRPC_SERVER_ERRORS.stream().anyMatch(rest::startsWith) ? SERVER_ERROR : null;
    }

    private static String firstMatch(List<Rule> rules, String error) {
        if (error == null) {
            return OTHER;
        }
        for (Rule rule : rules) {
            if (rule.matches().test(error)) {
                return rule.reasonClass();
            }
        }
        return OTHER;
    }

    private record Rule(String reasonClass, Predicate<String> matches) {
    }

    private static Rule starting(String reasonClass, String... phrases) {
        List<String> beginnings = List.of(phrases);
        return new Rule(reasonClass, error -> beginnings.stream().anyMatch(error::startsWith));
    }

    private static Rule holding(String reasonClass, String... words) {
        List<String> held = List.of(words);
        return new Rule(reasonClass, error -> held.stream().anyMatch(error::contains));
    }
}
