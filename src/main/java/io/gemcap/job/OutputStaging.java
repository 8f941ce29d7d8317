package io.gemcap.job;

import io.gemcap.output.OutputTarget;
import java.nio.file.Path;

/** Where this installation builds the CSVs of bucket outputs ({@code <gemcap home>/data/outputs}). */
public record OutputStaging(Path root) {

    public OutputTarget target(String output) {
        return OutputTarget.of(output, root);
    }
}
