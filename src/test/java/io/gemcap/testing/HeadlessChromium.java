package io.gemcap.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, for looking at a page as a person would: installed here when missing (apt-get, as root
 * or through sudo), so the README's one test command stays the only one.
 */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** What the browser made of a page: the document after its scripts ran, and what it wrote to the console. */
    public record Page(String dom, List<String> console) {
    }

    private HeadlessChromium() {
    }

    /** Installs Chromium unless it is there. */
    public static void ensureInstalled() throws IOException, InterruptedException {
        DebianPackages.ensure(CHROMIUM, "chromium");
    }

    /** Loads {@code url} and returns its document once its scripts ran, with the console's lines. */
    public static Page load(String url) throws IOException, InterruptedException {
        Ran ran = run(List.of("--dump-dom", url));
        return new Page(ran.out(), ran.log().lines().filter(line -> line.contains(":CONSOLE")).toList());
    }

    /** Saves what {@code url} looks like in a 1280-pixel-wide window. */
    public static void screenshot(String url, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        run(List.of("--window-size=1280,1600", "--screenshot=" + png, url));
    }

    private record Ran(String out, String log) {
    }

    private static Ran run(List<String> arguments) throws IOException, InterruptedException {
        ensureInstalled();
        Path profile = Files.createTempDirectory("gemcap-chromium");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        command.addAll(arguments);
        Path log = profile.resolve("stderr.log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish: " + Files.readString(log));
        }
        String logged = Files.readString(log);
        FileTrees.delete(profile);
        return new Ran(output, logged);
    }
}
