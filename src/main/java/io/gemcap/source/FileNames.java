package io.gemcap.source;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * How a file name that is not valid UTF-8 is written (in the CSV, the results table and the saved
 * position): each byte that is not part of a valid UTF-8 sequence becomes {@code U+FFFD} followed by its
 * two hex digits, and a {@code U+FFFD} the name really contains is doubled. Valid names without
 * {@code U+FFFD} are unchanged, and two different names never give the same text. The file itself is
 * always opened through the walk's own {@link Path}, which keeps the name's bytes.
 */
public final class FileNames {

    /** What marks an escaped byte: the character a plain decoder would have shown there. */
    public static final char MARK = '\uFFFD';

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private FileNames() {
    }

    /** The written form of an entry's file name. */
    public static String of(Path entry) {
        String decoded = entry.getFileName().toString();
        if (decoded.indexOf(MARK) < 0) {
            return decoded;
        }
        // toString() has replaced the bytes it could not decode; the file URI keeps them, percent-encoded.
        String raw = entry.toUri().getRawPath();
        if (raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        return escape(percentDecode(raw.substring(raw.lastIndexOf('/') + 1)));
    }

    /** The written form of a name's bytes. */
    public static String escape(byte[] name) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(name);
        CharBuffer out = CharBuffer.allocate(name.length);
        StringBuilder text = new StringBuilder(name.length + 8);
        while (in.hasRemaining()) {
            CoderResult result = decoder.decode(in, out, true);
            out.flip();
            while (out.hasRemaining()) {
                char c = out.get();
                text.append(c);
                if (c == MARK) {
                    text.append(MARK);
                }
            }
            out.clear();
            if (result.isError()) {
                for (int i = 0; i < result.length(); i++) {
                    text.append(MARK).append(HEX.toHexDigits(in.get()));
                }
            } else if (result.isUnderflow()) {
                break;
            }
        }
        return text.toString();
    }

    /** Whether a written path holds an escaped name (or a real {@code U+FFFD}). */
    public static boolean isEscaped(String path) {
        return path.indexOf(MARK) >= 0;
    }

    private static byte[] percentDecode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                bytes.write(HexFormat.fromHexDigits(raw, i + 1, i + 3));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toByteArray();
    }
}
