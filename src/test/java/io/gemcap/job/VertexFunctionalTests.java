package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job through the client's Vertex AI mode: project paths and an OAuth access token, no API key. */
class VertexFunctionalTests {

    private static final String TOKEN = "ya29.test-access-token";

    @TempDir
    Path dir;

    private GeminiEmulator emulator;
    private Path input;
    private Path output;

    @BeforeEach
    void setUp() {
        emulator = GeminiEmulator.builder().accessToken(TOKEN).build().start();
        input = dir.resolve("photos");
        output = dir.resolve("captions.csv");
        for (int i = 0; i < 6; i++) {
            TestImages.write(input.resolve("set/img" + i + ".png"), TestImages.png(20 + i, 20, i));
        }
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    private GemcapCli vertexCli() {
        return new GemcapCli(dir.resolve("db")).env("GOOGLE_CLOUD_PROJECT", "photo-archive").env("GOOGLE_CLOUD_LOCATION", "europe-west4");
    }

    private GemcapCli.Result run(GemcapCli cli) {
        return cli.run("run", "--vertex", "--input", input.toString(), "--output", output.toString(), "--endpoint", emulator.baseUrl());
    }

    @Test
    void aRunWithVertexAndAnAccessTokenCaptionsWithoutAnApiKey() throws Exception {
        GemcapCli.Result result = run(vertexCli().env("GOOGLE_OAUTH_ACCESS_TOKEN", TOKEN));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(6).allSatisfy(r -> {
            assertThat(r.get("status")).isEqualTo("ok");
            assertThat(r.get("caption")).contains("PNG");
        });
        assertThat(emulator.calls()).isEqualTo(6);
    }

    @Test
    void theOfficialClientsVariableSwitchesVertexOnAndOneImageStreamsThroughIt() {
        GemcapCli cli = vertexCli().env("GOOGLE_OAUTH_ACCESS_TOKEN", TOKEN).env("GOOGLE_GENAI_USE_VERTEXAI", "true");

        GemcapCli.Result one = cli.run("one", input.resolve("set/img3.png").toString(), "--stream", "--endpoint", emulator.baseUrl());

        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).contains("23x20 PNG");
        assertThat(emulator.calls()).isEqualTo(1);
    }

    @Test
    void aRefusedTokenOrAMissingProjectStopsAtStartWithOneLine() {
        GemcapCli.Result refused = run(vertexCli().env("GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.revoked"));
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().strip()).doesNotContain("\n").startsWith("gemcap: Vertex AI refused the credentials (401")
                .doesNotContain("ya29.revoked");

        GemcapCli.Result noProject = run(new GemcapCli(dir.resolve("db")).env("GOOGLE_OAUTH_ACCESS_TOKEN", TOKEN));
        assertThat(noProject.exitCode()).isEqualTo(2);
        assertThat(noProject.err().strip()).doesNotContain("\n").endsWith("--vertex needs a Google Cloud project: set"
                + " GOOGLE_CLOUD_PROJECT (or gemcap.vertex.project in config/application.yml)");
        assertThat(emulator.calls()).isZero();
    }
}
