package io.gemcap.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Photos carrying what cameras and phones put in them (a GPS position, the camera's make and model, the owner's name,
 * XMP, IPTC, comments, ICC profiles), made by tools gemcap does not use: {@link Pillow} writes the JPEG, PNG and WebP
 * files ({@code src/test/resources/pillow/tagged_photo.py}), {@code heif-enc} ({@code libheif-examples}) the HEIC, and
 * {@code exiftool} ({@code libimage-exiftool-perl}) adds XMP and IPTC and reads back what a file tells. Each tool is
 * installed with apt-get when missing, as root or through {@code sudo -n}.
 */
public final class TaggedPhotos {

    private static final Path EXIFTOOL = Path.of("/usr/bin/exiftool");
    private static final Path HEIF_CONVERT = Path.of("/usr/bin/heif-convert");
    private static final Path HEIF_ENC = Path.of("/usr/bin/heif-enc");
    private static final ObjectMapper JSON = new ObjectMapper();


    /** What exiftool reports of a file that is not metadata: the file's own facts, its colour profile, its image header. */
    private static final Set<String> NOT_METADATA_GROUPS = Set.of("SourceFile", "ExifTool", "System", "File", "JFIF", "RIFF",
            "PNG-pHYs", "ICC-header", "ICC_Profile", "ICC-chrm", "ICC-meas", "ICC-view", "Adobe", "QuickTime", "Meta", "HEVC");
    private static final Set<String> PNG_HEADER = Set.of("PNG:BitDepth", "PNG:ColorType", "PNG:Compression", "PNG:Filter",
            "PNG:ImageHeight", "PNG:ImageWidth", "PNG:Interlace", "PNG:ProfileName");

    private TaggedPhotos() {
    }

    /**
     * A photo of {@code format} (JPEG, PNG, WEBP) made by Pillow with the options its script takes: {@code gps} (GPS
     * position, make, model, owner and serial number in EXIF), {@code comment} (a JPEG comment), {@code text} (PNG text
     * chunks), {@code orientation=N}, {@code icc=small} (Pillow's 588-byte sRGB profile) or {@code icc=large} (20 KB).
     */
    public static byte[] pillow(String format, int width, int height, String... options) {
        return inTemporaryFile("." + format.toLowerCase(java.util.Locale.ROOT), file -> {
            Pillow.ensureInstalled();
            List<String> arguments = new ArrayList<>(List.of(file.toString(), format, String.valueOf(width), String.valueOf(height)));
            arguments.addAll(List.of(options));
            Pillow.run("tagged_photo.py", arguments.toArray(String[]::new));
        });
    }

    /** The image with XMP (creator, city) and, for a JPEG, IPTC (by-line) added by exiftool. */
    public static byte[] withXmpAndIptc(byte[] image, String extension) {
        ensureInstalled(EXIFTOOL, "libimage-exiftool-perl");
        return rewritten(image, extension, file -> {
            List<String> command = new ArrayList<>(List.of(EXIFTOOL.toString(), "-q", "-overwrite_original",
                    "-XMP-dc:Creator=Jane Owner", "-XMP-photoshop:City=Amsterdam"));
            if (extension.equals(".jpg")) {
                command.add("-IPTC:By-line=Jane Owner");
            }
            command.add(file.toString());
            run(command);
        });
    }

    /** A HEIC made by heif-enc from a GPS-tagged JPEG of Pillow's (heif-enc keeps its Exif), with XMP added by exiftool. */
    public static byte[] heic(int width, int height) {
        ensureInstalled(HEIF_ENC, "libheif-examples");
        byte[] jpeg = pillow("JPEG", width, height, "gps");
        byte[] heic = inTemporaryFile(".heic", file -> {
            Path source = file.resolveSibling("source.jpg");
            write(source, jpeg);
            run(List.of(HEIF_ENC.toString(), "-q", "90", "-o", file.toString(), source.toString()));
        });
        return withXmpAndIptc(heic, ".heic");
    }

    /** Decodes an HEIC with libheif's heif-convert into a PNG: to compare pictures gemcap cannot decode. */
    public static byte[] heifConvert(byte[] heic) {
        ensureInstalled(HEIF_ENC, "libheif-examples");
        return inTemporaryFile(".png", file -> {
            Path source = file.resolveSibling("source.heic");
            write(source, heic);
            run(List.of(HEIF_CONVERT.toString(), source.toString(), file.toString()));
        });
    }

    /** Everything exiftool reads from an image, as {@code Group:Tag} to value. */
    public static Map<String, String> tags(byte[] image) {
        ensureInstalled(EXIFTOOL, "libimage-exiftool-perl");
        String[] read = new String[1];
        inTemporaryFile(".img", file -> {
            write(file, image);
            read[0] = run(List.of(EXIFTOOL.toString(), "-j", "-a", "-G1", "-s", "-n", file.toString()));
        });
        try {
            JsonNode node = JSON.readTree(read[0]).get(0);
            Map<String, String> tags = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                tags.put(field.getKey(), field.getValue().asText());
            }
            return tags;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What an image tells about its owner and place, as exiftool reads it: every tag but the file's own facts, its colour
     * profile, its image header and an EXIF orientation.
     */
    public static Map<String, String> metadata(byte[] image) {
        Map<String, String> metadata = new TreeMap<>(tags(image));
        metadata.keySet().removeIf(tag -> {
            String group = tag.contains(":") ? tag.substring(0, tag.indexOf(':')) : tag;
            boolean composite = group.equals("Composite") && !tag.startsWith("Composite:GPS");
            return (NOT_METADATA_GROUPS.contains(group) && !tag.equals("File:Comment"))
                    || composite || PNG_HEADER.contains(tag) || tag.equals("IFD0:Orientation");
        });
        return metadata;
    }

    private interface FileWork {
        void on(Path file) throws IOException, InterruptedException;
    }

    private static byte[] rewritten(byte[] image, String extension, FileWork work) {
        return inTemporaryFile(extension, file -> {
            write(file, image);
            work.on(file);
        });
    }

    private static byte[] inTemporaryFile(String extension, FileWork work) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("gemcap-tagged");
            Path file = dir.resolve("photo" + extension);
            work.on(file);
            return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (dir != null) {
                FileTrees.delete(dir);
            }
        }
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " failed:\n" + output);
        }
        return output;
    }

    /** Installs the Debian package unless {@code program} is there. */
    private static void ensureInstalled(Path program, String debianPackage) {
        try {
            DebianPackages.ensure(program, debianPackage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
