package io.gemcap.gemini.emulator;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Test images that trigger the emulator's safety blocks. */
public final class GeminiEmulatorTestImages {

    private GeminiEmulatorTestImages() {
    }

    /**
     * The PNG's picture with a first row of pixels whose bytes spell {@code marker}, stored uncompressed: the marker is
     * in the picture itself, which gemcap sends as it is (it strips comments and text chunks).
     */
    public static byte[] withMarker(byte[] png, String marker) {
        BufferedImage picture;
        try {
            picture = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] text = marker.getBytes(StandardCharsets.ISO_8859_1);
        int width = Math.max(picture.getWidth(), (text.length + 2) / 3);
        int height = picture.getHeight() + 1;
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        byte[] first = new byte[3 * width];
        System.arraycopy(text, 0, first, 0, text.length);
        rows.write(0);
        rows.writeBytes(first);
        for (int y = 0; y < picture.getHeight(); y++) {
            rows.write(0);
            for (int x = 0; x < width; x++) {
                int rgb = x < picture.getWidth() ? picture.getRGB(x, y) : 0;
                rows.write(rgb >> 16);
                rows.write(rgb >> 8);
                rows.write(rgb);
            }
        }
        Deflater stored = new Deflater(Deflater.NO_COMPRESSION);
        stored.setInput(rows.toByteArray());
        stored.finish();
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!stored.finished()) {
            idat.write(buffer, 0, stored.deflate(buffer));
        }
        stored.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).array());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        out.writeBytes(chunk.array());
    }
}
