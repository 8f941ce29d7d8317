package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Prompts filled per image from its path, its EXIF fields and a catalogue's table. */
class TemplateFunctionalTests extends FolderJobTest {

    private static final String TEMPLATE = "Alt text for {title} by {brand}, file {name} in '{folder}'.";
    private Path template;
    private Path items;

    @BeforeEach
    void aCatalogue() throws Exception {
        TestImages.write(input.resolve("a.png"), TestImages.png(30, 20, 1));
        TestImages.write(input.resolve("sub/shirt, \"red\".png"), TestImages.png(31, 20, 2));
        TestImages.write(input.resolve("c.png"), TestImages.png(32, 20, 3));
        template = Files.writeString(dir.resolve("alt.txt"), TEMPLATE);
        items = Files.writeString(dir.resolve("items.csv"), "sku_image,title,brand\n"
                + "a.png,\"Mug \"\"Classic\"\"\",Acme\n"
                + "\"sub/shirt, \"\"red\"\".png\",\"Shirt, red\",Zed\n");
    }

    private GemcapCli.Result runWithTemplate(String... extra) {
        String[] args = new String[extra.length + 6];
        System.arraycopy(new String[] {"--prompt-file", template.toString(), "--metadata", items.toString(), "--metadata-key",
                "sku_image"}, 0, args, 0, 6);
        System.arraycopy(extra, 0, args, 6, extra.length);
        return run(args);
    }

    @Test
    void eachImagesPromptIsFilledFromItsRowFoundByPathOrName() throws Exception {
        // when the job runs with a template and the catalogue
        GemcapCli.Result result = runWithTemplate();

        // then it says at start how many images the table matches, and each call carried its image's own prompt
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("--metadata has a row for 2 of 3 images (67 %)");
        assertThat(emulator.prompts()).containsExactlyInAnyOrder(
                "Alt text for Mug \"Classic\" by Acme, file a.png in ''.",
                "Alt text for Shirt, red by Zed, file shirt, \"red\".png in 'sub'.",
                "Alt text for  by , file c.png in ''.");
        assertThat(CsvFiles.records(output)).extracting(r -> r.get("status")).containsOnly("ok");
    }

    @Test
    void aTableSavedByASpreadsheetWithAByteOrderMarkServesAllTheSame() throws Exception {
        Files.writeString(items, "\uFEFF" + Files.readString(items));

        GemcapCli.Result result = runWithTemplate();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("--metadata has a row for 2 of 3 images");
    }

    @Test
    void strictTemplateRejectsAnImageWithoutItsValues() throws Exception {
        GemcapCli.Result result = runWithTemplate("--strict-template");

        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, CSVRecord> rows = CsvFiles.records(output).stream().collect(Collectors.toMap(r -> r.get("path"), r -> r));
        assertThat(rows.get("c.png").get("status")).isEqualTo("rejected");
        assertThat(rows.get("c.png").get("error")).contains("no value for {title}, {brand}").contains("--strict-template");
        assertThat(rows.get("a.png").get("status")).isEqualTo("ok");
        assertThat(emulator.calls()).isEqualTo(2);
    }

    @Test
    void aNewRowOfTheTablePaysForItsImageAloneAndIsNotRefusedAsAChangedPrompt() throws Exception {
        assertThat(runWithTemplate().exitCode()).isZero();
        int calls = emulator.calls();
        // given the catalogue's next night: c.png gets its row, the others are as they were
        Files.writeString(items, "c.png,Lamp,Luxo\n", java.nio.file.StandardOpenOption.APPEND);

        GemcapCli.Result next = runWithTemplate();

        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(emulator.calls()).isEqualTo(calls + 1);
        assertThat(emulator.prompts()).last().isEqualTo("Alt text for Lamp by Luxo, file c.png in ''.");
        assertThat(next.out()).contains("2 from the ledger");
    }

    @Test
    void exifFieldsFillTheTemplate() throws Exception {
        TestImages.write(input.resolve("turned.jpg"), TestImages.jpegWithOrientation(40, 30, 6, 4));
        Path exif = Files.writeString(dir.resolve("exif.txt"), "Caption this photo; orientation: {exif.Orientation}.");

        GemcapCli.Result result = run("--prompt-file", exif.toString(), "--include", "*.jpg");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(emulator.prompts()).containsExactly("Caption this photo; orientation: Right side, top (Rotate 90 CW).");
    }

    @Test
    void aTableThatCannotServeStopsAtStartWithOneLine() throws Exception {
        // a key column it does not have
        GemcapCli.Result wrongColumn = run("--prompt-file", template.toString(), "--metadata", items.toString(), "--metadata-key",
                "sku");
        assertThat(wrongColumn.exitCode()).isEqualTo(2);
        assertThat(wrongColumn.err()).contains("has no column 'sku'").contains("sku_image, title, brand").hasLineCount(1);
        // a key twice
        Files.writeString(items, "a.png,Other,Acme\n", java.nio.file.StandardOpenOption.APPEND);
        GemcapCli.Result twice = runWithTemplate();
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("holds the key 'a.png' twice (lines 2 and 4)").hasLineCount(1);
        // a column that matches no image
        Path none = Files.writeString(dir.resolve("none.csv"), "sku_image,title\nx.png,X\n");
        GemcapCli.Result unmatched = run("--prompt-file", template.toString(), "--metadata", none.toString(), "--metadata-key",
                "sku_image");
        assertThat(unmatched.exitCode()).isEqualTo(2);
        assertThat(unmatched.err()).contains("matches none of the 3 images").hasLineCount(1);
        assertThat(emulator.calls()).isZero();
        assertThat(output).doesNotExist();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"online", "batch"})
    void theProductTaskWithACatalogueGivesOneCheckedRowPerImagePaidOnce(String mode) throws Exception {
        cli.set("gemcap.batch.shard-images", "2").set("gemcap.batch.poll-first", "10ms");

        // when the product task runs with the catalogue
        GemcapCli.Result result = run("--task", "product", "--metadata", items.toString(), "--metadata-key", "sku_image", "--mode",
                mode);

        // then each image has one ok row with its alt text, title, tags and category in their own columns
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(3).allSatisfy(row -> {
            assertThat(row.get("status")).isEqualTo("ok");
            assertThat(row.get("alt_text")).isNotBlank();
            assertThat(row.get("title")).isNotBlank();
            assertThat(row.get("tags").split("; ")).hasSizeBetween(3, 8);
            assertThat(row.get("category")).isNotBlank();
        });
        // and the catalogue's fields went with each image that has a row
        assertThat(emulator.prompts()).anyMatch(prompt -> prompt.endsWith("(trust it for names and brands): title: Mug \"Classic\";"
                + " brand: Acme")).anyMatch(prompt -> prompt.endsWith("(trust it for names and brands): "));
        // and the next night pays for nothing
        int calls = emulator.calls();
        assertThat(run("--task", "product", "--metadata", items.toString(), "--metadata-key", "sku_image", "--mode", mode)
                .exitCode()).isZero();
        assertThat(emulator.calls()).isEqualTo(calls);
    }
}
