package io.gemcap.bench;

import io.gemcap.image.ExifFields;
import io.gemcap.image.ImageConverter;
import io.gemcap.image.ImageInspector;
import io.gemcap.image.ImageLimits;
import io.gemcap.image.Inspection;
import io.gemcap.image.PreparedImage;
import io.gemcap.source.ImageRef;
import io.gemcap.testing.HostileImages;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What one hostile file costs to prepare: heap peak and CPU time of its conversion (at the detail level's longest side)
 * and of reading its EXIF fields for a template, one file at a time, each made at start. Asserts nothing. Run with
 * {@code bench/bounds} (heap as the JVM's default, or e.g. {@code bench/bounds -Xmx1g}).
 */
public final class BoundsBench {

    private BoundsBench() {
    }

    public static void main(String[] args) {
        long gb = 1L << 30;
        Map<String, Object[]> files = new LinkedHashMap<>();
        files.put("64x64 PNG, zTXt of 1 GB, low", new Object[] {HostileImages.pngWithTextBomb(64, "zTXt", gb), 768});
        files.put("64x64 PNG, iTXt of 1 GB, low", new Object[] {HostileImages.pngWithTextBomb(64, "iTXt", gb), 768});
        files.put("64x64 PNG, zTXt of 3 GB, low", new Object[] {HostileImages.pngWithTextBomb(64, "zTXt", 3 * gb), 768});
        files.put("12000x12000 16-bit RGBA PNG, high", new Object[] {HostileImages.png16BitRgba(12000, 12000), 3072});
        files.put("12000x12000 16-bit RGBA PNG, low", new Object[] {HostileImages.png16BitRgba(12000, 12000), 768});
        files.put("12000x12000 single-strip TIFF, high", new Object[] {HostileImages.singleStripTiff(12000, 12000), 3072});
        files.put("12000x12000 single-strip TIFF, low", new Object[] {HostileImages.singleStripTiff(12000, 12000), 768});
        ImageInspector inspector = new ImageInspector(ImageLimits.GEMINI_INLINE);
        ImageConverter converter = new ImageConverter(0.85f, ImageLimits.GEMINI_INLINE.maxInlineImageBytes());
        var threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "bounds benchmark: max heap %d MB%n", Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "%-38s %8s %-8s %10s %8s  %s%n", "file", "file MB", "step", "heap MB", "CPU s", "outcome");
        for (Map.Entry<String, Object[]> file : files.entrySet()) {
            byte[] bytes = (byte[]) file.getValue()[0];
            int side = (int) file.getValue()[1];
            Inspection inspection = inspector.inspect(ImageRef.file("bench", bytes.length), bytes);
            if (!(inspection instanceof PreparedImage image)) {
                System.out.printf(Locale.ROOT, "%-38s refused by the checks: %s%n", file.getKey(), inspection);
                continue;
            }
            for (String step : new String[] {"convert", "exif"}) {
                HeapPeaks.reset();
                long cpu = threads.getCurrentThreadCpuTime();
                String outcome;
                try {
                    outcome = step.equals("convert") ? "sent " + converter.convert(image, OptionalInt.of(side)).sent()
                            : ExifFields.of(bytes).size() + " fields";
                } catch (Throwable e) {
                    outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
                System.out.printf(Locale.ROOT, "%-38s %8.1f %-8s %10d %8.2f  %s%n", file.getKey(), bytes.length / 1048576.0, step,
                        HeapPeaks.peakMb(), (threads.getCurrentThreadCpuTime() - cpu) / 1e9, outcome);
            }
        }
    }
}
