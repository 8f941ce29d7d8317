package io.gemcap.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Programs from Debian's packages that tests run for real: installed when missing (apt-get, as root or through sudo), so
 * the README's one test command stays the only one on a fresh machine.
 */
public final class DebianPackages {

    private DebianPackages() {
    }

    /** Installs {@code debianPackage} unless {@code program} is there; returns the program. */
    public static synchronized Path ensure(Path program, String debianPackage) throws IOException, InterruptedException {
        if (Files.isExecutable(program)) {
            return program;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> install = new ArrayList<>(root ? List.of() : List.of("sudo", "-n"));
        install.addAll(List.of("bash", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
                + debianPackage));
        Process process = new ProcessBuilder(install).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0 || !Files.isExecutable(program)) {
            throw new IllegalStateException("could not install Debian's " + debianPackage + " for the tests:\n" + log);
        }
        return program;
    }
}
