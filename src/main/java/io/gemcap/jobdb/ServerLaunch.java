package io.gemcap.jobdb;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How to start gemcap's job database server in a process of its own: the command line up to its arguments
 * (the Java binary, the jar or class path, the command that serves). Registered by the CLI before the context starts.
 */
public record ServerLaunch(List<String> command) {

    public ServerLaunch {
        command = List.copyOf(command);
    }

    /**
     * {@code command} of {@code mainClass} in a new JVM started like this one: from the same jar (a packaged gemcap) or
     * class path, in a small heap, since it only serves the database.
     */
    public static ServerLaunch thisJvm(String mainClass, String command) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            line.addAll(List.of("-jar", Path.of(classPath).toAbsolutePath().toString()));
        } else {
            line.addAll(List.of("-cp", Arrays.stream(classPath.split(File.pathSeparator))
                    .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator)), mainClass));
        }
        line.add(command);
        return new ServerLaunch(line);
    }
}
