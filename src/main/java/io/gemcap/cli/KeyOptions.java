package io.gemcap.cli;

import io.gemcap.caption.MetadataTable;
import io.gemcap.gemini.ApiKey;
import io.gemcap.gemini.AnswerSchema;
import io.gemcap.image.Detail;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Flags every command that sends images to Gemini shares: where to call ({@link ServiceOptions}), with which model and prompt. */
final class KeyOptions {

    @Mixin
    ServiceOptions service;

    @Option(names = "--model", paramLabel = "MODEL", description = "Gemini model (default from config/application.yml).")
    String model;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "Instruction sent with each image (default from config/application.yml).")
    String prompt;

    @Option(names = "--detail", paramLabel = "LEVEL", converter = DetailConverter.class,
            description = "How much of each image is sent: low, medium, high or original (default from config/application.yml: low).")
    Detail detail;

    @Option(names = "--no-resize", description = "Send each file's own bytes at its own size (--detail original).")
    boolean noResize;

    @Option(names = "--keep-metadata", description = "Send images with their EXIF (GPS position, camera serial), XMP, IPTC,"
            + " comments and ICC profile (default: stripped where an image is sent as it is; gemcap.image.keep-metadata).")
    boolean keepMetadata;

    @Option(names = "--thinking-budget", paramLabel = "N",
            description = "Thinking tokens the model may spend (0: off, -1: the model decides; default: off, or the family's least).")
    Integer thinkingBudget;

    @Option(names = "--max-output-tokens", paramLabel = "N",
            description = "The longest answer paid for (0: the model's default; default from config/application.yml).")
    Integer maxOutputTokens;

    @Option(names = "--schema", paramLabel = "FILE", converter = SchemaConverter.class,
            description = "A JSON Schema the answer must follow: each top-level property becomes a CSV column; an answer that"
                    + " breaks it is a failed row (rejected after three).")
    Path schema;

    @Option(names = "--task", paramLabel = "TASK", converter = TaskConverter.class, description = "A ready prompt (and schema)"
            + " from config/tasks: caption, alt-text, tags, product, training.")
    ReadyTasks.Task task;

    @Option(names = "--prompt-file", paramLabel = "FILE", description = "A prompt template filled per image: {path}, {name},"
            + " {folder}, {exif.Model} and other EXIF fields, and the fields of --metadata ({title}).")
    Path promptFile;

    @Option(names = "--metadata", paramLabel = "CSV", description = "A table of per-image fields for the template, one row per"
            + " image, joined by --metadata-key.")
    Path metadata;

    @Option(names = "--metadata-key", paramLabel = "COLUMN", defaultValue = "path",
            description = "The --metadata column holding each image's path (relative to --input) or file name (default: path).")
    String metadataKey;

    @Option(names = "--strict-template", description = "Reject an image whose template has a placeholder without a value"
            + " (default: filled empty).")
    boolean strictTemplate;

    /** Vertex AI mode: {@code --vertex}, or {@code GOOGLE_GENAI_USE_VERTEXAI=true} as the official clients read it. */
    boolean vertex(Map<String, String> environment) {
        return service.vertex(environment);
    }

    /** Whether the command can call a model: with a key, or in Vertex AI mode. */
    boolean canCall(Map<String, String> environment) {
        return service.canCall(environment);
    }

    /** The key to use, from GOOGLE_API_KEY or GEMINI_API_KEY, or the emulator's own. */
    Optional<ApiKey> key(Map<String, String> environment) {
        return service.key(environment);
    }

    /**
     * Starts the application context for a command that calls a model: the key (or Vertex AI) and these
     * flags' settings, then {@code extra} settings of the command's own.
     */
    ConfigurableApplicationContext start(Map<String, String> environment, Map<String, String> extra) {
        Map<String, String> properties = properties();
        properties.putAll(extra);
        return service.start(environment, properties);
    }

    private Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (model != null) {
            properties.put("gemcap.gemini.model", model);
        }
        // A task's prompt and schema, unless --prompt or --schema says otherwise.
        if (task != null) {
            properties.put("gemcap.gemini.prompt", task.prompt());
            task.schema().ifPresent(file -> properties.put("gemcap.gemini.schema", file.toString()));
        }
        if (prompt != null) {
            properties.put("gemcap.gemini.prompt", prompt);
        }
        if (promptFile != null) {
            properties.put("gemcap.gemini.prompt", template().orElseThrow());
        }
        boolean taskTemplate = task != null && prompt == null && promptFile == null && task.prompt().contains("{");
        if (promptFile != null || metadata != null || taskTemplate) {
            properties.put("gemcap.template.enabled", "true");
            properties.put("gemcap.template.strict", String.valueOf(strictTemplate));
        }
        if (metadata != null) {
            properties.put("gemcap.template.metadata", metadata.toAbsolutePath().toString());
            properties.put("gemcap.template.metadata-key", metadataKey);
        }
        if (noResize || detail != null) {
            properties.put("gemcap.image.detail", noResize ? Detail.ORIGINAL.label() : detail.label());
        }
        if (keepMetadata) {
            properties.put("gemcap.image.keep-metadata", "true");
        }
        if (thinkingBudget != null) {
            properties.put("gemcap.gemini.thinking-budget", thinkingBudget.toString());
        }
        if (maxOutputTokens != null) {
            properties.put("gemcap.gemini.max-output-tokens", maxOutputTokens.toString());
        }
        if (schema != null) {
            properties.put("gemcap.gemini.schema", schema.toAbsolutePath().toString());
        }
        return properties;
    }

    /** The template's text, from --prompt-file. */
    private Optional<String> template() {
        try {
            return promptFile == null ? Optional.empty() : Optional.of(java.nio.file.Files.readString(promptFile).strip());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--prompt-file " + promptFile + " does not exist");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read --prompt-file " + promptFile + ": " + GemcapMain.oneLine(e));
        }
    }

    /**
     * What is wrong with the template's files, in one line: an unreadable or empty --prompt-file, a --metadata table
     * without its key column or with a key twice; else empty. The table is read for it.
     */
    Optional<String> templateProblem() {
        try {
            if (template().map(String::isBlank).orElse(false)) {
                return Optional.of("--prompt-file " + promptFile + " is empty: write the prompt, with {placeholders}, in it");
            }
            if (metadata != null) {
                MetadataTable.read(metadata, metadataKey);
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The --metadata table, read, or {@code null} without one. */
    MetadataTable metadataTable() {
        return metadata == null ? null : MetadataTable.read(metadata, metadataKey);
    }

    /** Reads the schema at parse time, so a file that is missing or no schema stops the command with one line. */
    static final class SchemaConverter implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            try {
                AnswerSchema.read(Path.of(value));
                return Path.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class TaskConverter implements ITypeConverter<ReadyTasks.Task> {
        @Override
        public ReadyTasks.Task convert(String value) {
            try {
                return ReadyTasks.find(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class DetailConverter implements ITypeConverter<Detail> {
        @Override
        public Detail convert(String value) {
            try {
                return Detail.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
