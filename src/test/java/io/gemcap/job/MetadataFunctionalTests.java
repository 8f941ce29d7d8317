package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TaggedPhotos;
import io.gemcap.testing.TestImages;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A photo's GPS position, camera and owner stay on the user's machine: what the service receives, seen by the
 * emulator and read by exiftool, carries none of it, online and in Batch Mode, unless the user keeps it.
 */
class MetadataFunctionalTests extends FolderJobTest {

    @Override
    protected GeminiEmulator.Builder emulatorSettings() {
        return GeminiEmulator.builder().keepImages(true);
    }

    @BeforeEach
    void photos() {
        // small enough to be sent as they are at the default detail
        TestImages.write(input.resolve("trip/beach.jpg"), TaggedPhotos.withXmpAndIptc(
                TaggedPhotos.pillow("JPEG", 320, 240, "gps", "comment", "icc=small"), ".jpg"));
        TestImages.write(input.resolve("trip/map.png"), TaggedPhotos.pillow("PNG", 320, 240, "gps", "text"));
        TestImages.write(input.resolve("trip/dune.webp"), TaggedPhotos.pillow("WEBP", 320, 240, "gps"));
        TestImages.write(input.resolve("trip/phone.heic"), TaggedPhotos.heic(320, 240));
    }

    private static boolean placed(Map<String, String> metadata) {
        return metadata.keySet().stream().anyMatch(tag -> tag.contains("GPS") || tag.equals("IFD0:Artist") || tag.startsWith("XMP"));
    }

    @Test
    void noPhotoReachesTheServiceWithItsPositionCameraOrOwner() throws Exception {
        GemcapCli.Result result = run();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(4).allSatisfy(row -> assertThat(row.get("status")).isEqualTo("ok"));
        List<byte[]> received = emulator.images();
        assertThat(received).hasSize(4).allSatisfy(image -> {
            assertThat(TaggedPhotos.metadata(image)).doesNotContainKeys("GPS:GPSLatitude", "GPS:GPSLongitude", "IFD0:Artist",
                    "IFD0:Model", "IFD0:SerialNumber", "XMP-dc:Creator", "IPTC:By-line", "File:Comment", "PNG:Author");
            assertThat(placed(TaggedPhotos.metadata(image))).isFalse();
        });
    }

    @Test
    void batchModeSendsTheSameStrippedImages() throws Exception {
        cli.set("gemcap.batch.poll-first", "10ms");

        GemcapCli.Result result = run("--mode", "batch");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(emulator.batchesCreated()).isEqualTo(1);
        assertThat(emulator.images()).hasSize(4).allSatisfy(image -> assertThat(placed(TaggedPhotos.metadata(image))).isFalse());
    }

    @Test
    void withKeepMetadataTheFilesGoAsTheyAreAndTheLedgerStillServesTheirAnswers() throws Exception {
        GemcapCli.Result kept = run("--keep-metadata");

        assertThat(kept.exitCode()).as(kept.err()).isZero();
        assertThat(emulator.images()).hasSize(4).allSatisfy(image -> assertThat(placed(TaggedPhotos.metadata(image))).isTrue());
        for (String name : List.of("beach.jpg", "map.png", "dune.webp", "phone.heic")) {
            byte[] file = Files.readAllBytes(input.resolve("trip").resolve(name));
            assertThat(emulator.images()).anySatisfy(image -> assertThat(image).isEqualTo(file));
        }

        // keeping metadata or not asks the same of the model: a run without it pays for nothing again
        GemcapCli.Result stripped = run();

        assertThat(stripped.exitCode()).as(stripped.err()).isZero();
        assertThat(emulator.images()).hasSize(4);
    }
}
