package io.gemcap.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The ready tasks ({@code --task}): a prompt, and a schema where it fits, kept in {@code config/tasks/} as
 * {@code <task>.txt} and {@code <task>.schema.json}, so the first useful run needs no prompt writing.
 */
final class ReadyTasks {

    static final List<String> NAMES = List.of("caption", "alt-text", "tags", "product", "training");

    /** A task's prompt and, for a structured answer, its schema file. */
    record Task(String name, String prompt, Optional<Path> schema) {
    }

    private ReadyTasks() {
    }

    /**
     * The task of this name, from the project's {@code config/tasks} (under {@code gemcap.home}, else the working folder).
     *
     * @throws IllegalArgumentException naming the tasks there are, when there is none of this name
     */
    static Task find(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("--task is one of " + String.join(", ", NAMES) + ", not '" + name + "'");
        }
        Path folder = Stream.of(Path.of(System.getProperty("gemcap.home", "."), "config", "tasks"), Path.of("config", "tasks"))
                .filter(Files::isDirectory).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no config/tasks folder: the ready tasks ship in the project's"
                        + " config/tasks"));
        Path prompt = folder.resolve(name + ".txt");
        Path schema = folder.resolve(name + ".schema.json");
        try {
            return new Task(name, Files.readString(prompt, StandardCharsets.UTF_8).strip(),
                    Files.isRegularFile(schema) ? Optional.of(schema.toAbsolutePath()) : Optional.empty());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the task's prompt " + prompt + ": " + e.getMessage());
        }
    }
}
