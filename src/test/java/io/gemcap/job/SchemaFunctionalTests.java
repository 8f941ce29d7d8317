package io.gemcap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gemcap.gemini.AnswerSchema;
import io.gemcap.output.CaptionCsv;
import io.gemcap.testing.CsvFiles;
import io.gemcap.testing.FolderJobTest;
import io.gemcap.testing.GemcapCli;
import io.gemcap.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Structured answers: a JSON Schema's properties as columns, checked answers, and the ready tasks. */
class SchemaFunctionalTests extends FolderJobTest {

    private static final String PRODUCT = """
            {"type": "object",
             "properties": {
               "title": {"type": "string", "maxLength": 60},
               "tags": {"type": "array", "items": {"type": "string"}, "minItems": 3, "maxItems": 5},
               "status": {"type": "string", "enum": ["new", "used"]},
               "details": {"type": "object", "properties": {"colour": {"type": "string"}}}
             },
             "required": ["title", "tags", "status"]}
            """;

    private Path schema;

    @BeforeEach
    void imagesAndASchema() throws Exception {
        for (int i = 0; i < 4; i++) {
            TestImages.write(input.resolve("item" + i + ".png"), TestImages.png(40 + i, 30, i));
        }
        schema = Files.writeString(dir.resolve("product.json"), PRODUCT);
    }

    private static List<String> header(Path csv) throws Exception {
        return List.of(Files.readAllLines(csv).get(0).split(","));
    }

    @Test
    void eachPropertyIsAColumnAfterTheFixedOnesInTheSchemasOrder() throws Exception {
        // when the job runs with a schema
        GemcapCli.Result result = run("--schema", schema.toString());

        // then the CSV has the fixed columns, then one per property in the schema's order (one named like a fixed column prefixed)
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> expected = new ArrayList<>(CaptionCsv.COLUMNS);
        expected.addAll(List.of("title", "tags", "answer_status", "details"));
        assertThat(header(output)).isEqualTo(expected);
        // and each row keeps the whole answer in caption, follows the schema, and spreads it over the columns
        AnswerSchema product = AnswerSchema.parse(PRODUCT, "test");
        List<CSVRecord> rows = CsvFiles.records(output);
        assertThat(rows).hasSize(4).allSatisfy(row -> {
            assertThat(row.get("status")).isEqualTo("ok");
            assertThat(product.problem(row.get("caption"))).isEmpty();
            assertThat(row.get("title")).isNotBlank().hasSizeLessThanOrEqualTo(60);
            assertThat(row.get("tags").split("; ")).hasSize(3);
            assertThat(row.get("answer_status")).isEqualTo("new");
            assertThat(row.get("details")).startsWith("{\"colour\":");
        });
    }

    @Test
    void answersThatBreakTheSchemaAreFailedRowsThatALaterRunFixes() throws Exception {
        // given a service whose answers leave out a required property
        emulator.faults().brokenAnswers(0, 1.0);

        // when the job runs
        GemcapCli.Result broken = run("--schema", schema.toString());

        // then every row is failed, saying why, and was paid for
        assertThat(broken.exitCode()).as(broken.err()).isZero();
        assertThat(CsvFiles.records(output)).hasSize(4).allSatisfy(row -> {
            assertThat(row.get("status")).isEqualTo("failed");
            assertThat(row.get("error")).startsWith("the answer breaks the schema: ").contains("title");
            assertThat(Double.parseDouble(row.get("cost_usd"))).isPositive();
        });

        // when the service answers well and the same command runs again
        emulator.faults().clear();
        GemcapCli.Result fixed = run("--schema", schema.toString());

        // then every row is ok
        assertThat(fixed.exitCode()).as(fixed.err()).isZero();
        assertThat(CsvFiles.records(output)).extracting(row -> row.get("status")).containsOnly("ok");
    }

    @Test
    void afterThreeBrokenAnswersAnImageIsRejectedAndNotPaidForAgain() throws Exception {
        // given a service whose answers are never JSON (cut short)
        emulator.faults().brokenAnswers(1.0, 0);

        // when three nights run
        for (int night = 1; night <= 2; night++) {
            assertThat(run("--schema", schema.toString()).exitCode()).isZero();
            assertThat(CsvFiles.records(output)).extracting(row -> row.get("status")).containsOnly("failed");
        }
        assertThat(run("--schema", schema.toString()).exitCode()).isZero();

        // then the third gives rejected rows saying so, with the answer kept
        assertThat(CsvFiles.records(output)).hasSize(4).allSatisfy(row -> {
            assertThat(row.get("status")).isEqualTo("rejected");
            assertThat(row.get("error")).contains("not valid JSON").contains("3 answers for this image broke the schema");
            assertThat(row.get("caption")).startsWith("{\"");
        });
        // and a fourth pays for nothing
        int calls = emulator.calls();
        assertThat(run("--schema", schema.toString()).exitCode()).isZero();
        assertThat(emulator.calls()).isEqualTo(calls);
        assertThat(CsvFiles.records(output)).extracting(row -> row.get("status")).containsOnly("rejected");
    }

    @Test
    void aChangedSchemaIsRefusedUnlessForced() throws Exception {
        assertThat(run("--schema", schema.toString()).exitCode()).isZero();
        Path other = Files.writeString(dir.resolve("other.json"), PRODUCT.replace("\"maxLength\": 60", "\"maxLength\": 70"));

        GemcapCli.Result refused = run("--schema", other.toString());

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("schema").contains("--force").hasLineCount(1);
        assertThat(run("--schema", other.toString(), "--force").exitCode()).isZero();
    }

    @Test
    void aSchemaThatIsNotOneStopsAtStartWithOneLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"type\": \"string\"}");

        GemcapCli.Result result = run("--schema", bad.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("must be a JSON object with \"type\": \"object\"").hasLineCount(1);
        assertThat(output).doesNotExist();
    }

    @Test
    void aSchemaWhoseRefsOnlyLoopStopsAtStartWithOneLineBeforeAnyCall() throws Exception {
        Path loop = Files.writeString(dir.resolve("loop.json"), """
                {"type": "object", "properties": {"a": {"$ref": "#/$defs/x"}},
                 "$defs": {"x": {"$ref": "#/$defs/y"}, "y": {"$ref": "#/$defs/x"}}}
                """);

        GemcapCli.Result result = run("--schema", loop.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("loops: #/$defs/x -> #/$defs/y -> #/$defs/x").doesNotContain("run the same command")
                .hasLineCount(1);
        assertThat(emulator.calls()).isZero();
    }

    @Test
    void anAnswerTheSchemaCheckCannotFinishOnIsAPaidFailedRowAndTheRunCompletes() throws Exception {
        // The emulator pads the text to minLength; matching 300,000 characters against this pattern overflows Java's regex stack.
        Path patterned = Files.writeString(dir.resolve("patterned.json"), """
                {"type": "object", "properties": {"text": {"type": "string", "minLength": 300000, "pattern": "^(.|\\\\s)*$"}}}
                """);

        GemcapCli.Result result = run("--schema", patterned.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<CSVRecord> rows = CsvFiles.records(output);
        assertThat(rows).hasSize(4);
        for (CSVRecord row : rows) {
            assertThat(row.get("status")).isEqualTo("failed");
            assertThat(row.get("error")).startsWith("the answer could not be checked against the schema (StackOverflowError");
            assertThat(row.get("prompt_tokens")).isNotEmpty();
            assertThat(row.get("cost_usd")).isNotEmpty();
            assertThat(row.get("caption")).hasSizeGreaterThan(300_000);
        }
    }

    @Test
    void batchModeGivesTheSameColumns() throws Exception {
        cli.set("gemcap.batch.shard-images", "2").set("gemcap.batch.poll-first", "10ms");

        GemcapCli.Result result = run("--schema", schema.toString(), "--mode", "batch");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(header(output)).endsWith("title", "tags", "answer_status", "details");
        assertThat(CsvFiles.records(output)).hasSize(4).allSatisfy(row -> assertThat(row.get("tags").split("; ")).hasSize(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"caption", "alt-text", "tags", "product", "training"})
    void eachReadyTaskRunsOnTheSampleImagesAndItsRowsPassItsSchema(String task) throws Exception {
        // given the project's sample images
        input = Path.of("input").toAbsolutePath();

        // when a run takes the ready task
        GemcapCli.Result result = run("--task", task);

        // then it completes, and every captioned row follows the task's schema, if it has one
        assertThat(result.exitCode()).as(result.err()).isZero();
        Path taskSchema = Path.of("config", "tasks", task + ".schema.json");
        List<CSVRecord> ok = CsvFiles.records(output).stream().filter(row -> row.get("status").equals("ok")).toList();
        assertThat(ok).isNotEmpty();
        if (Files.exists(taskSchema)) {
            AnswerSchema answers = AnswerSchema.read(taskSchema);
            assertThat(header(output)).endsWith(answers.properties().toArray(String[]::new));
            assertThat(ok).allSatisfy(row -> assertThat(answers.problem(row.get("caption"))).isEmpty());
        } else {
            assertThat(header(output)).isEqualTo(CaptionCsv.COLUMNS);
        }
    }
}
