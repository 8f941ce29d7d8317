package io.gemcap.job;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.GemcapCli;

/** {@link PartitionsFunctionalTests} on the default job database: an H2 file, shared through gemcap's server process. */
class H2PartitionsFunctionalTests extends PartitionsFunctionalTests {

    @Override
    GemcapCli cli(String name) {
        return new GemcapCli(dir.resolve("db-" + name)).env("GEMINI_API_KEY", GeminiEmulator.DEFAULT_KEY);
    }
}
