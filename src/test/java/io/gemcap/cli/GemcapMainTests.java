package io.gemcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code scripts/caption --help} and each command's. */
class GemcapMainTests {

    private static String help(String... command) {
        StringWriter out = new StringWriter();
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--help"))
                .toArray(String[]::new);
        assertThat(GemcapMain.execute(args, new PrintWriter(out, true), new PrintWriter(out, true), Map.of())).isZero();
        return out.toString();
    }

    /** The commands the top-level help lists. */
    private static List<String> commands() {
        String help = help();
        return help.substring(help.indexOf("Commands:")).lines().skip(1).filter(line -> line.matches("  \\S.*"))
                .map(line -> line.trim().split("\\s+")[0]).toList();
    }

    @Test
    void everyCommandsHelpNamesItsValuesInWordsWithoutPatternsOrFieldNames() {
        List<String> commands = commands();
        assertThat(commands).contains("run", "estimate", "stop", "emulator");
        for (String command : commands) {
            String help = help(command);

            assertThat(help).as(command).doesNotContain("(?", "[^", "=<");
        }
        assertThat(help("run")).contains("--exclude=GLOB[,GLOB...]\n", "--include=GLOB[,GLOB...]\n", "--model=MODEL");
    }

    @Test
    void stopOffersOnlyWhatItUsesWhereToReachTheServiceForCancel() {
        String stop = help("stop");

        assertThat(stop).contains("--cancel", "--endpoint=URL", "--emulator", "--vertex")
                .doesNotContain("--detail", "--prompt", "--model", "--schema", "--keep-metadata");
        assertThat(help("restart")).contains("--endpoint=URL", "--model=MODEL");
    }
}
