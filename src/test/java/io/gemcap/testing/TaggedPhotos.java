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
 * XMP, IPTC, comments, ICC profiles), made by tools gemcap does not use: Debian's Pillow ({@code python3-pil}) writes
 * the JPEG, PNG and WebP files, {@code heif-enc} ({@code libheif-examples}) the HEIC, and {@code exiftool}
 * ({@code libimage-exiftool-perl}) adds XMP and IPTC and reads back what a file tells. Each tool is installed with
 * apt-get when missing, as root or through {@code sudo -n}.
 */
public final class TaggedPhotos {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path EXIFTOOL = Path.of("/usr/bin/exiftool");
    private static final Path HEIF_CONVERT = Path.of("/usr/bin/heif-convert");
    private static final Path HEIF_ENC = Path.of("/usr/bin/heif-enc");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes a photo: {@code argv}: out, format, width, height, then options (gps, comment, text, orientation=N, icc=small|large). */
    private static final String PILLOW = """
            import sys, struct
            from PIL import Image, ImageCms, PngImagePlugin
            out, fmt, w, h = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
            opts = dict(o.split('=') if '=' in o else (o, '1') for o in sys.argv[5:])
            im = Image.new('RGB', (w, h))
            im.putdata([((x * 5 + y) % 256, (y * 3) % 256, (x * y) % 256) for y in range(h) for x in range(w)])
            kw = {}
            ex = Image.Exif()
            if 'gps' in opts:
                ex[0x010f] = 'Canon'; ex[0x0110] = 'Canon EOS R5'; ex[0x013b] = 'Jane Owner'; ex[0xa431] = '012345678901'
                ex[0x8825] = {1: 'N', 2: (52.0, 22.0, 12.5), 3: 'E', 4: (4.0, 53.0, 30.0)}
            if 'orientation' in opts:
                ex[0x0112] = int(opts['orientation'])
            if len(ex):
                kw['exif'] = ex.tobytes()
            if 'icc' in opts:
                icc = ImageCms.ImageCmsProfile(ImageCms.createProfile('sRGB')).tobytes()
                if opts['icc'] == 'large':
                    # sRGB with a 20 KB private tag, as print and camera profiles carry large tables
                    count = struct.unpack('>I', icc[128:132])[0]
                    table = [struct.unpack('>4sII', icc[132 + 12 * i:144 + 12 * i]) for i in range(count)]
                    body = icc[132 + 12 * count:]
                    shift = 12
                    table = [(s, o + shift, n) for s, o, n in table]
                    pad = b'\\0' * ((4 - len(icc) % 4) % 4)
                    private = b'\\x5a' * 20000
                    table.append((b'zzzz', len(icc) + shift + len(pad), len(private)))
                    icc = icc[:128] + struct.pack('>I', count + 1) + b''.join(struct.pack('>4sII', *t) for t in table) + body + pad + private
                    icc = struct.pack('>I', len(icc)) + icc[4:84] + b'\\0' * 16 + icc[100:]
                kw['icc_profile'] = icc
            if fmt == 'JPEG' and 'comment' in opts:
                kw['comment'] = b'taken at 12 Elm Street'
            if fmt == 'PNG':
                kw['dpi'] = (72, 72)
                if 'text' in opts:
                    info = PngImagePlugin.PngInfo()
                    info.add_text('Author', 'Jane Owner')
                    info.add_text('Comment', 'taken at 12 Elm Street', zip=True)
                    info.add_itxt('Description', 'our house', lang='en')
                    kw['pnginfo'] = info
            if fmt == 'JPEG':
                kw['quality'] = 90
            if fmt == 'WEBP':
                kw['lossless'] = True
            im.save(out, fmt, **kw)
            """;

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
        ensureInstalled(PYTHON, "python3-pil", "import PIL");
        return inTemporaryFile("." + format.toLowerCase(), file -> {
            List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", PILLOW, file.toString(), format,
                    String.valueOf(width), String.valueOf(height)));
            command.addAll(List.of(options));
            run(command);
        });
    }

    /** The image with XMP (creator, city) and, for a JPEG, IPTC (by-line) added by exiftool. */
    public static byte[] withXmpAndIptc(byte[] image, String extension) {
        ensureInstalled(EXIFTOOL, "libimage-exiftool-perl", null);
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
        ensureInstalled(HEIF_ENC, "libheif-examples", null);
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
        ensureInstalled(HEIF_ENC, "libheif-examples", null);
        return inTemporaryFile(".png", file -> {
            Path source = file.resolveSibling("source.heic");
            write(source, heic);
            run(List.of(HEIF_CONVERT.toString(), source.toString(), file.toString()));
        });
    }

    /** Everything exiftool reads from an image, as {@code Group:Tag} to value. */
    public static Map<String, String> tags(byte[] image) {
        ensureInstalled(EXIFTOOL, "libimage-exiftool-perl", null);
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

    /** Installs the Debian package unless {@code program} is there (and, for Python, {@code check} imports). */
    private static synchronized void ensureInstalled(Path program, String debianPackage, String check) {
        try {
            if (Files.isExecutable(program) && (check == null || works(List.of(program.toString(), "-c", check)))) {
                return;
            }
            boolean root = "root".equals(System.getProperty("user.name"));
            List<String> install = new ArrayList<>(root ? List.of() : List.of("sudo", "-n"));
            install.addAll(List.of("bash", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
                    + debianPackage));
            Process process = new ProcessBuilder(install).redirectErrorStream(true).start();
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0 || !Files.isExecutable(program)) {
                throw new IllegalStateException("could not install Debian's " + debianPackage + " for the metadata tests:\n" + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean works(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
    }
}
