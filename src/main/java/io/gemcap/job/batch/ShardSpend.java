package io.gemcap.job.batch;

import io.gemcap.gemini.RequestSettings;
import io.gemcap.usage.Prices;
import io.gemcap.usage.Spend;
import java.math.BigDecimal;

/**
 * A Batch Mode run's shards in the Spend: a shard is submitted only once its worst case (its predicted input tokens and a
 * tenth, and the longest answer for each image, at the batch price) is held under the run's budget and the day's cap. Its
 * hold is kept under an id of its own, so that a later execution collecting its batch settles it.
 */
final class ShardSpend implements BatchRunTasklet.ShardBudget {

    private final Spend spend;
    private final Prices.ModelPrice price;
    private final int longestAnswer;
    private final double priceShare;
    private final long instance;

    private ShardSpend(Spend spend, Prices.ModelPrice price, int longestAnswer, double priceShare, long instance) {
        this.spend = spend;
        this.price = price;
        this.longestAnswer = longestAnswer;
        this.priceShare = priceShare;
        this.instance = instance;
    }

    /** The run's shards against the Spend; nothing is held for a model without a price. */
    static BatchRunTasklet.ShardBudget of(Spend spend, Prices prices, RequestSettings request, BatchSettings settings, long instance) {
        return prices.of(request.model()).<BatchRunTasklet.ShardBudget>map(price -> new ShardSpend(spend, price, request.longestAnswer(),
                settings.priceShare(), instance)).orElse(BatchRunTasklet.ShardBudget.NONE);
    }

    @Override
    public Spend.Attempt reserve(BatchShards.Shard next) {
        BigDecimal worst = BigDecimal.valueOf(priceShare * price.cost((long) Math.ceil(next.predictedTokens() * 1.1),
                (long) next.items() * longestAnswer, 0));
        return spend.reserve(id(next), instance, Spend.Kind.SHARD, worst);
    }

    @Override
    public void settle(BatchShards.Shard shard, BigDecimal cost) {
        spend.settle(id(shard), cost);
    }

    private String id(BatchShards.Shard shard) {
        return "shard-" + instance + "-" + shard.shard();
    }
}
