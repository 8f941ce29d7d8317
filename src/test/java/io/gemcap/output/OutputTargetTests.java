package io.gemcap.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OutputTargetTests {

    private final Path staging = Path.of("/var/gemcap/data/outputs");

    @Test
    void aLocalOutputIsBuiltBesideItself() {
        OutputTarget target = OutputTarget.of("/srv/out/captions.csv", staging);
        assertThat(target.local()).isEqualTo(Path.of("/srv/out/captions.csv"));
        assertThat(target.partial()).isEqualTo(Path.of("/srv/out/captions.csv.partial"));
        assertThat(target.upload()).isEmpty();
    }

    @Test
    void aBucketOutputIsStagedPerBucketAndKeyWithoutLeavingTheStagingFolder() {
        OutputTarget target = OutputTarget.of("s3://results/nightly/../../captions.csv", staging);
        assertThat(target.local()).isEqualTo(Path.of("/var/gemcap/data/outputs/s3/results/nightly/captions.csv"));
        assertThat(target.upload().orElseThrow().path()).isEqualTo("nightly/../../captions.csv");
        assertThatThrownBy(() -> OutputTarget.of("gs://results/", staging)).hasMessageContaining("names no object");
    }
}
