package io.gemcap.testing;

import io.gemcap.gemini.emulator.GeminiEmulator;
import io.gemcap.gemini.emulator.GeminiEmulatorTestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One archive written to a folder and to buckets alike: nested prefixes, copies, a name with spaces and
 * non-ASCII letters, corrupt and non-image files, hidden entries and a safety block.
 */
public final class Corpus {

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    public static Corpus mixed(int goodImages) {
        Corpus corpus = new Corpus();
        for (int i = 0; i < goodImages; i++) {
            String path = "2024/" + (i % 2 == 0 ? "trip/" : "home/deep/") + "img" + i + (i % 3 == 0 ? ".jpg" : ".png");
            corpus.files.put(path, path.endsWith(".jpg") ? TestImages.jpeg(24 + i, 16 + i, i) : TestImages.png(24 + i, 16 + i, i));
        }
        corpus.files.put("2024/trip/copy of img1.png", corpus.files.get("2024/home/deep/img1.png"));
        corpus.files.put("summer 2024/café ☕ été.png", TestImages.png(30, 30, 501));
        corpus.files.put("日本/写真 1.webp", TestImages.webp());
        corpus.files.put("bad/empty.png", new byte[0]);
        corpus.files.put("bad/notes.jpg", "shopping list\n".getBytes(StandardCharsets.UTF_8));
        corpus.files.put("bad/truncated.jpg", TestImages.truncated(TestImages.jpeg(64, 64, 7), 300));
        corpus.files.put("safety/stopped.png",
                GeminiEmulatorTestImages.withMarker(TestImages.png(20, 20, 2), GeminiEmulator.STOP_SAFETY_MARKER));
        corpus.files.put(".cache/hidden.png", TestImages.png(5, 5, 3));
        corpus.files.put("readme.txt", "not an image".getBytes(StandardCharsets.UTF_8));
        return corpus;
    }

    /** Paths and contents, hidden and non-image files included. */
    public Map<String, byte[]> files() {
        return files;
    }

    /** How many rows a run makes: every file with an image extension that is not hidden. */
    public long imageCount() {
        return files.keySet().stream().filter(p -> !p.startsWith(".") && !p.endsWith(".txt")).count();
    }

    public void writeTo(Path folder) {
        files.forEach((path, bytes) -> TestImages.write(folder.resolve(path), bytes));
    }

    public void writeTo(BiConsumer<String, byte[]> put) {
        files.forEach(put);
    }
}
