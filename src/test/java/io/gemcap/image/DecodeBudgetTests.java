package io.gemcap.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageTypeSpecifier;
import org.junit.jupiter.api.Test;

class DecodeBudgetTests {

    private final DecodeBudget budget = new DecodeBudget(100, "a test's");

    @Test
    void aPictureLargerThanTheWholeBudgetIsRefusedAtOnceSayingWhatHelps() {
        DecodeBudget.Claim claim = budget.claim();
        assertThatThrownBy(() -> claim.take(101, "12000x12000 PNG")).isInstanceOf(DecodeBudget.Exceeded.class)
                .hasMessageContaining("12000x12000 PNG").hasMessageContaining("101 bytes").hasMessageContaining("100 bytes")
                .hasMessageContaining("-Xmx").hasMessageContaining("--detail");
    }

    @Test
    void picturesWaitInArrivalOrderUntilEarlierOnesAreDone() throws Exception {
        DecodeBudget.Claim first = budget.claim();
        first.take(60, "first");
        List<String> order = new CopyOnWriteArrayList<>();
        Thread large = waiter(95, "large", order);
        await().until(() -> large.getState() == Thread.State.WAITING);
        // 40 bytes are free, but the larger picture asked first: the small one queues behind it rather than starving it,
        // and once the large one has its 95 the small one waits for them.
        Thread small = waiter(10, "small", order);
        await().until(() -> small.getState() == Thread.State.WAITING);
        assertThat(order).isEmpty();
        first.close();
        large.join();
        small.join();
        assertThat(order).containsExactly("large", "small");
        // Every claim gave its share back: the whole budget can be taken again.
        try (DecodeBudget.Claim whole = budget.claim()) {
            whole.take(100, "whole");
        }
    }

    private Thread waiter(long bytes, String name, List<String> order) {
        Thread thread = new Thread(() -> {
            try (DecodeBudget.Claim claim = budget.claim()) {
                claim.take(bytes, name);
                order.add(name);
            } catch (DecodeBudget.Exceeded e) {
                throw new IllegalStateException(e);
            }
        });
        thread.start();
        return thread;
    }

    @Test
    void aPictureCostsItsSubsampledPixelsAtItsDecodedDepthWithTheSrgbCopyOfOtherLayouts() {
        ImageTypeSpecifier bgr = ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(DecodeBudget.decodedBytes(4000, 3000, 1, bgr)).isEqualTo(4000L * 3000 * 3);
        assertThat(DecodeBudget.decodedBytes(4000, 3000, 4, bgr)).isEqualTo(1000L * 750 * 3);
        assertThat(DecodeBudget.decodedBytes(4001, 3001, 4, bgr)).isEqualTo(1001L * 751 * 3);
        ImageTypeSpecifier rgba16 = ImageTypeSpecifier.createInterleaved(java.awt.color.ColorSpace.getInstance(
                java.awt.color.ColorSpace.CS_sRGB), new int[] {0, 1, 2, 3}, java.awt.image.DataBuffer.TYPE_USHORT, true, false);
        assertThat(DecodeBudget.decodedBytes(12000, 12000, 1, rgba16)).isEqualTo(12000L * 12000 * (8 + 4));
        ImageTypeSpecifier grey = ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(DecodeBudget.decodedBytes(100, 100, 1, grey)).isEqualTo(100L * 100 * (1 + 4));
    }
}
