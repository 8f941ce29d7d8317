package io.gemcap.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import io.gemcap.output.CaptionRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code captions.html}: one self-contained page per run (no request leaves it), the run summary on top, then a card
 * per image with its thumbnail, path, status, cost and caption; filters by status and reason, a search box, pages of
 * cards loaded as one scrolls. Thumbnails go to a folder beside the page ({@code captions_files/}), so the page and
 * that folder work offline and anywhere. Every text from a file name, a caption or a server is data the page writes as
 * text, never markup.
 */
public final class HtmlReport {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private HtmlReport() {
    }

    /** The folder of thumbnails beside a page: {@code captions_files} for {@code captions.html}. */
    public static Path thumbnailFolder(Path page) {
        String name = page.getFileName().toString();
        String stem = name.endsWith(".html") ? name.substring(0, name.length() - 5) : name;
        return page.resolveSibling(stem + "_files");
    }

    /**
     * Writes the page to {@code out} and the thumbnails it shows into {@code folder}, which must exist.
     *
     * @param folder the page's {@link #thumbnailFolder}
     * @param rows hands each row of the run, in walk order, to the consumer it is given
     * @param thumbnail the thumbnail file of a row's image, if there is one
     */
    public static void write(Writer out, Path folder, RunSummary summary, Consumer<Consumer<CaptionRow>> rows,
            Function<CaptionRow, Optional<Path>> thumbnail) throws IOException {
        out.write("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        // Nothing the page holds may reach the network, whatever a caption says.
        out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' data: file:;"
                + " style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n");
        out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\">\n");
        out.write("<title>" + escape("gemcap: run " + summary.run() + " of " + summary.output()) + "</title>\n<style>\n");
        out.write(resource("report.css"));
        out.write("</style></head>\n<body data-thumbnails=\"" + escape(folder.getFileName().toString()) + "\">\n<header>\n<h1>");
        out.write(escape("Run " + summary.run() + ": " + summary.input() + " \u2192 " + summary.output()));
        out.write("</h1>\n<pre class=\"summary\">");
        out.write(escape(String.join("\n", SummaryText.details(summary))));
        out.write("</pre>\n<section id=\"reasons\" hidden><h2>Not captioned, by reason</h2><ul id=\"reason-list\"></ul></section>\n");
        out.write("</header>\n<nav><label>Status <select id=\"status\"><option value=\"\">all</option><option>ok</option>"
                + "<option>rejected</option><option>blocked</option><option>failed</option></select></label>"
                + "<input id=\"q\" type=\"search\" placeholder=\"Search paths and captions\" aria-label=\"Search\">"
                + "<span id=\"shown\"></span></nav>\n<main id=\"cards\"></main>\n<button id=\"more\" hidden>Show more</button>\n");
        out.write("<script type=\"application/json\" id=\"rows\">");
        writeRows(out, rows, thumbnail, folder);
        out.write("</script>\n<script>\n");
        out.write(resource("report.js"));
        out.write("</script>\n</body></html>\n");
        out.flush();
    }

    private static void writeRows(Writer out, Consumer<Consumer<CaptionRow>> rows, Function<CaptionRow, Optional<Path>> thumbnail,
            Path folder) throws IOException {
        JsonGenerator json = JSON.createGenerator(out);
        json.setCharacterEscapes(new ScriptSafe());
        json.writeStartArray();
        try {
            rows.accept(row -> {
                try {
                    json.writeStartArray();
                    json.writeString(row.path());
                    json.writeString(row.status().label());
                    json.writeString(row.answer().caption());
                    json.writeString(row.answer().error());
                    if (row.usage().costUsd() == null) {
                        json.writeNull();
                    } else {
                        json.writeNumber(row.usage().costUsd().doubleValue());
                    }
                    json.writeString(shown(row, thumbnail, folder));
                    json.writeEndArray();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        json.writeEndArray();
        json.flush();
    }

    /** The thumbnail's name in the page's folder (put there if it is not yet), or {@code null} for a placeholder. */
    private static String shown(CaptionRow row, Function<CaptionRow, Optional<Path>> thumbnail, Path folder) throws IOException {
        String sha256 = row.sha256();
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            return null;
        }
        Optional<Path> made = thumbnail.apply(row);
        if (made.isEmpty()) {
            return null;
        }
        Path copy = folder.resolve(sha256 + ".jpg");
        if (!Files.exists(copy)) {
            try {
                Files.createLink(copy, made.get());
            } catch (IOException | UnsupportedOperationException e) {
                copy(made.get(), copy);
            }
        }
        return sha256;
    }

    /** A copy (another file system) is whole or absent: a cut one would stand for the thumbnail in every later report. */
    private static void copy(Path from, Path to) throws IOException {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(to);
            throw e;
        }
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HtmlReport.class.getResourceAsStream("/report/" + name)) {
            if (in == null) {
                throw new IOException("missing resource /report/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * JSON inside a script element: "&lt;/script&gt;" or "&lt;!--" in a caption must not end or bend the element, so
     * {@code <}, {@code >} and {@code &} are written as {@code \u003c} and so on, and the two line separators
     * JavaScript once refused likewise.
     */
    private static final class ScriptSafe extends CharacterEscapes {

        private final int[] escapes;

        ScriptSafe() {
            escapes = standardAsciiEscapesForJSON();
            escapes['<'] = ESCAPE_CUSTOM;
            escapes['>'] = ESCAPE_CUSTOM;
            escapes['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
