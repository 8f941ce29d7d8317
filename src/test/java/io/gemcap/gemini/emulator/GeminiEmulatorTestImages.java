package io.gemcap.gemini.emulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Test images that trigger the emulator's safety blocks. */
public final class GeminiEmulatorTestImages {

    private GeminiEmulatorTestImages() {
    }

    /** The PNG with a tEXt comment holding {@code marker}, as {@code convert -set comment} writes it. */
    public static byte[] withMarker(byte[] png, String marker) {
        byte[] data = ("Comment\0" + marker).getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put("tEXt".getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        int afterHeader = 8 + 25;
        byte[] out = new byte[png.length + chunk.capacity()];
        System.arraycopy(png, 0, out, 0, afterHeader);
        System.arraycopy(chunk.array(), 0, out, afterHeader, chunk.capacity());
        System.arraycopy(png, afterHeader, out, afterHeader + chunk.capacity(), png.length - afterHeader);
        return out;
    }
}
