package io.gemcap.caption;

import io.gemcap.gemini.AnswerSchema;
import io.gemcap.gemini.CallOutcome;
import io.gemcap.gemini.GeminiCaptioner;
import io.gemcap.gemini.Tokens;
import io.gemcap.image.PreparedImage;
import io.gemcap.image.SendableImage;
import io.gemcap.output.CaptionRow;
import io.gemcap.output.RowSource;
import io.gemcap.output.RowStatus;
import io.gemcap.source.ImageRef;
import io.gemcap.source.ImageSource;
import io.gemcap.usage.Budget;
import io.gemcap.usage.BudgetReachedException;
import io.gemcap.usage.Prices;
import io.gemcap.usage.Spend;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Captions one image online: {@link ImagePreparer prepares} it, and when a call is needed, makes it under
 * the run's policies and turns the outcome into the row, priced. Thread-safe when its parts are.
 */
public final class ImageCaptioner {

    private final ImagePreparer preparer;
    private final GeminiCaptioner gemini;
    private final Prices prices;
    private final AnswerSchema schema;
    /**
     * The calls of rows not committed yet, by image path: when the job database's connection is lost mid-chunk, the run
     * resumes in this process and takes their answers from here (waiting for those still in flight) rather than paying
     * for them again.
     */
    private final Map<String, PaidCall> paidNotCommitted = new ConcurrentHashMap<>();

    /** A call for an image as it was listed, and its row once answered. */
    private record PaidCall(ImageRef ref, CompletableFuture<CaptionRow> row) {

        /** The row of this call if it was for the same image as listed and was answered; waits for it to end. */
        Optional<CaptionRow> answerFor(ImageRef again) {
            if (ref.size() != again.size() || !Objects.equals(ref.version(), again.version())) {
                return Optional.empty();
            }
            try {
                CaptionRow answered = row.join();
                return answered.source() == RowSource.CALL && answered.status() != RowStatus.FAILED ? Optional.of(answered)
                        : Optional.empty();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                return Optional.empty();
            }
        }
    }

    /** After this many answers that broke the schema, an image's row is rejected rather than failed. */
    static final int MAX_BROKEN_ANSWERS = 3;

    /** @param schema the JSON Schema every answer must follow, or {@code null} for a free caption */
    public ImageCaptioner(ImagePreparer preparer, GeminiCaptioner gemini, Prices prices, AnswerSchema schema) {
        this.preparer = Objects.requireNonNull(preparer, "preparer");
        this.gemini = Objects.requireNonNull(gemini, "gemini");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.schema = schema;
    }

    /**
     * @param source where the image is read from
     * @param useLedger take an earlier result for the same content instead of calling ({@code false} with {@code --force})
     * @param ticket the image's place in walk order among those handed out in this execution, for the budget
     * @param budget what the run may spend, or {@code null} for no limit
     * @param beforeCall told when the image's paid call goes out (after its rate-limit permit), never for a call given up before
     * @throws io.gemcap.gemini.GeminiFatalException when the job must stop
     * @throws BudgetReachedException when the call could take the spend past the budget: it is not made
     */
    public CaptionRow caption(ImageRef ref, ImageSource source, boolean useLedger, long ticket, Budget budget,
            Consumer<ImageRef> beforeCall) {
        PaidCall mine = new PaidCall(ref, new CompletableFuture<>());
        PaidCall earlier = paidNotCommitted.putIfAbsent(ref.path(), mine);
        if (earlier != null) {
            Optional<CaptionRow> kept = earlier.answerFor(ref);
            if (kept.isPresent()) {
                if (budget != null) {
                    budget.pass(ticket);
                }
                return kept.get();
            }
            paidNotCommitted.put(ref.path(), mine);
        }
        try {
            CaptionRow row = prepareAndCall(ref, source, useLedger, ticket, budget, beforeCall);
            if (row.source() != RowSource.CALL) {
                paidNotCommitted.remove(ref.path(), mine);
            }
            mine.row().complete(row);
            return row;
        } catch (RuntimeException | Error e) {
            paidNotCommitted.remove(ref.path(), mine);
            mine.row().completeExceptionally(e);
            throw e;
        }
    }

    /** The rows of a chunk that committed: their answers are in the job database now. */
    public void committed(List<? extends CaptionRow> rows) {
        rows.forEach(row -> paidNotCommitted.remove(row.path()));
    }

    private CaptionRow prepareAndCall(ImageRef ref, ImageSource source, boolean useLedger, long ticket, Budget budget,
            Consumer<ImageRef> beforeCall) {
        Spend.Reservation reservation = null;
        boolean[] sent = {false};
        try {
            Prepared prepared = preparer.prepare(ref, source, useLedger);
            if (prepared instanceof Prepared.Finished finished) {
                return finished.row();
            }
            Prepared.Payload payload = (Prepared.Payload) prepared;
            if (budget != null) {
                reservation = budget.reserve(ticket, Spend.Kind.CALL, worstCase(payload));
                if (reservation == null) {
                    throw new BudgetReachedException("the next call could take this run past " + budget.limit());
                }
            }
            CallOutcome outcome = gemini.caption(payload.sendable(), payload.prompt(), payload.predictedInputTokens(),
                    payload.image().sha256(), () -> {
                        sent[0] = true;
                        beforeCall.accept(ref);
                    });
            CaptionRow row = row(payload, outcome).withVersion(payload.version());
            if (reservation != null) {
                budget.settle(reservation, billed(row, outcome, reservation.worstCase()));
                reservation = null;
            }
            return row;
        } finally {
            if (budget != null) {
                if (reservation != null) {
                    // Given up: a call that went out may have been billed; one that never left cost nothing.
                    budget.settle(reservation, sent[0] ? reservation.worstCase() : BigDecimal.ZERO);
                }
                budget.pass(ticket);
            }
        }
    }

    /**
     * What the service billed for a call: an answer at the tokens it reports; nothing for an error it answered (a
     * refused image or request, 429s and 5xx to the last attempt); the worst case for a call that went without an
     * answer at least once (a time-out the service may have finished) or an answer that reported no tokens.
     */
    private static BigDecimal billed(CaptionRow row, CallOutcome outcome, BigDecimal worstCase) {
        if (row.usage().promptTokens() != null && row.usage().costUsd() != null) {
            return row.usage().costUsd();
        }
        boolean answeredError = outcome instanceof CallOutcome.Refused || outcome instanceof CallOutcome.RequestRefused
                || outcome instanceof CallOutcome.Failed failed && !failed.mayHaveBeenBilled();
        return answeredError ? BigDecimal.ZERO : worstCase;
    }

    /**
     * The most a call can cost: its predicted input with a tenth to spare, and the longest answer the request allows
     * (thinking included) at the output price.
     */
    private BigDecimal worstCase(Prepared.Payload payload) {
        Prices.ModelPrice price = prices.of(gemini.model()).orElseThrow(() -> new IllegalStateException("no price for " + gemini.model()));
        long input = (long) Math.ceil(payload.predictedInputTokens() * 1.1);
        return BigDecimal.valueOf(price.cost(input, gemini.maxOutputTokens(), 0));
    }

    /** Records this run's outcomes and the object versions read, so that later runs need not pay or download again. */
    public void remember(List<? extends CaptionRow> rows) {
        preparer.remember(rows);
    }

    /** The row of a call's outcome, its cost from the tokens the service reported and the model's price. */
    public CaptionRow row(Prepared.Payload payload, CallOutcome outcome) {
        PreparedImage image = payload.image();
        SendableImage sent = payload.sendable();
        CaptionRow.ImageFacts facts = new CaptionRow.ImageFacts(image.ref().path(), image.sha256(), image.type().mime(),
                image.dimensions().width(), image.dimensions().height(), sent.sent().width(), sent.sent().height(),
                (long) sent.bytes().length);
        return row(facts, sent.note(), outcome, 1.0);
    }

    /**
     * The row of an outcome for an image of these facts.
     *
     * @param sentNote what the preparation noted about what was sent, or {@code null}
     * @param priceShare the share of the model's price paid (Batch Mode pays a part)
     */
    public CaptionRow row(CaptionRow.ImageFacts facts, String sentNote, CallOutcome outcome, double priceShare) {
        String model = gemini.model();
        CaptionRow.Answer answer;
        CaptionRow.Usage usage;
        if (outcome instanceof CallOutcome.Captioned ok) {
            answer = checked(facts.sha256(), facts.path(), new CaptionRow.Answer(RowStatus.OK, ok.text(), join(ok.note(), sentNote),
                    ok.finishReason()));
            usage = usage(ok.model(), ok.tokens(), ok.latencyMs(), priceShare);
        } else if (outcome instanceof CallOutcome.Blocked blocked) {
            answer = new CaptionRow.Answer(RowStatus.BLOCKED, null, blocked.reason(), blocked.finishReason());
            usage = usage(blocked.model(), blocked.tokens(), blocked.latencyMs(), priceShare);
        } else if (outcome instanceof CallOutcome.Refused refused) {
            answer = new CaptionRow.Answer(RowStatus.REJECTED, null, refused.message(), null);
            usage = usage(model, Tokens.NONE, refused.latencyMs(), priceShare);
        } else if (outcome instanceof CallOutcome.RequestRefused refused) {
            answer = new CaptionRow.Answer(RowStatus.FAILED, null, refused.message(), null);
            usage = usage(model, Tokens.NONE, refused.latencyMs(), priceShare);
        } else {
            CallOutcome.Failed failed = (CallOutcome.Failed) outcome;
            answer = new CaptionRow.Answer(RowStatus.FAILED, null, failed.reason(), null);
            usage = usage(model, Tokens.NONE, failed.latencyMs(), priceShare);
        }
        return new CaptionRow(facts, answer, usage, RowSource.CALL, null);
    }

    /**
     * An answer that must follow the run's schema and does not is a failed row, tried again by a later run; the third for
     * the same content and request is a rejected row, which later runs take from the ledger (an answer cut at the token
     * limit would otherwise be paid for every night). The answer is kept either way, for whoever wants to see it.
     */
    private CaptionRow.Answer checked(String sha256, String path, CaptionRow.Answer answer) {
        if (schema == null) {
            return answer;
        }
        Optional<String> problem = schema.problem(answer.caption());
        if (problem.isEmpty()) {
            return answer;
        }
        String cut = "MAX_TOKENS".equals(answer.finishReason()) ? " (cut at the output token limit)" : "";
        int failures = sha256 == null ? 1 : preparer.answerBroke(sha256, path);
        if (failures >= MAX_BROKEN_ANSWERS) {
            return new CaptionRow.Answer(RowStatus.REJECTED, answer.caption(), problem.get() + cut + "; " + failures
                    + " answers for this image broke the schema, so it is not sent again with it", answer.finishReason());
        }
        return new CaptionRow.Answer(RowStatus.FAILED, answer.caption(), problem.get() + cut, answer.finishReason());
    }

    /**
     * Priced at the model the run asked for (the served model may name a version of it); a call the service reported no
     * usage for cost nothing.
     */
    private CaptionRow.Usage usage(String servedModel, Tokens tokens, long latencyMs, double priceShare) {
        BigDecimal cost = prices.of(gemini.model()).map(price -> BigDecimal.valueOf(priceShare * price.cost(zero(tokens.prompt()),
                zero(tokens.output()), zero(tokens.thought())))).orElse(null);
        return new CaptionRow.Usage(servedModel, tokens.prompt(), tokens.output(), tokens.thought(), latencyMs, cost);
    }

    private static long zero(Integer count) {
        return count == null ? 0 : count;
    }

    private static String join(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + "; " + second;
    }
}
