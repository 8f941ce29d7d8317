package io.gemcap.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pillow, the Python imaging library, as a decoder and encoder independent of gemcap's (Java's ImageIO and
 * TwelveMonkeys): Debian's {@code python3-pil} run by Debian's own {@code /usr/bin/python3}, with libjpeg-turbo's
 * TurboJPEG library and ImageMagick for the files Pillow cannot write, and Ghostscript's ICC profiles (libgs-common). Installed here when missing (apt-get, as root or
 * through sudo), so the README's one test command stays the only one.
 */
public final class Pillow {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final List<String> PACKAGES = List.of("python3-pil", "libturbojpeg0", "imagemagick", "libgs-common");

    private Pillow() {
    }

    /** Installs the packages unless Pillow, TurboJPEG and ImageMagick are all there. */
    public static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (present()) {
            return;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> install = new ArrayList<>(root ? List.of() : List.of("sudo", "-n"));
        install.addAll(List.of("bash", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
                + String.join(" ", PACKAGES)));
        Process process = new ProcessBuilder(install).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0 || !present()) {
            throw new IllegalStateException("could not install " + PACKAGES + " for the image tests:\n" + log);
        }
    }

    private static boolean present() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON) || !Files.isExecutable(Path.of("/usr/bin/convert"))
                || !Files.isDirectory(Path.of("/usr/share/color/icc/ghostscript"))) {
            return false;
        }
        Process check = new ProcessBuilder(PYTHON.toString(), "-c",
                "import ctypes, ctypes.util, PIL; ctypes.CDLL(ctypes.util.find_library('turbojpeg') or 'libturbojpeg.so.0')")
                .redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        return check.waitFor(1, TimeUnit.MINUTES) && check.exitValue() == 0;
    }

    /**
     * Runs one of the scripts under {@code src/test/resources/pillow} with {@code arguments}.
     *
     * @return what it printed
     * @throws IllegalStateException when it fails, with what it printed
     */
    public static String run(String script, String... arguments) throws IOException, InterruptedException {
        Path file = Path.of("src/test/resources/pillow", script).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), file.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(script + " " + String.join(" ", arguments) + " failed:\n" + out);
        }
        return out;
    }
}
