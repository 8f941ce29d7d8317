package io.gemcap.image;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.tiff.TiffReader;
import com.drew.lang.ByteArrayReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifReader;
import com.drew.metadata.exif.ExifTiffHandler;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;

/**
 * An image's EXIF read from where each format keeps it and nowhere else: the JPEG APP1 Exif segment, the PNG
 * {@code eXIf} chunk, the WebP {@code EXIF} chunk, a TIFF's own IFDs, the HEIF Exif item. Text chunks, XMP packets and
 * other metadata are never parsed, and nothing is inflated, so reading costs at most the file's size: a general
 * metadata reader inflates every compressed PNG text chunk, and a 3 MB file's {@code zTXt} of 3 GB exhausts the heap.
 */
final class ExifBlock {

    private static final byte[] EXIF_PREAMBLE = {'E', 'x', 'i', 'f', 0, 0};

    private ExifBlock() {
    }

    /**
     * The EXIF directories of the image (none when it has no EXIF).
     *
     * @throws Exception when the block is there but cannot be read (a damaged EXIF must cost its reader nothing more)
     */
    static Metadata read(ImageType type, byte[] bytes) throws Exception {
        Metadata metadata = new Metadata();
        switch (type) {
            case JPEG -> {
                return JpegMetadataReader.readMetadata(new ByteArrayInputStream(bytes), List.of(new ExifReader()));
            }
            case PNG -> extract(pngExif(bytes), metadata);
            case WEBP -> extract(webpExif(bytes), metadata);
            case TIFF -> new TiffReader().processTiff(new ByteArrayReader(bytes), new ExifTiffHandler(metadata, null, 0), 0);
            case HEIC, HEIF -> heifExif(HeifMetadata.exif(bytes, type.name()), metadata);
            case GIF, BMP -> {
                // Neither format has a place for EXIF.
            }
        }
        return metadata;
    }

    private static void extract(byte[] tiff, Metadata metadata) {
        if (tiff == null) {
            return;
        }
        // Some writers keep JPEG's preamble in front of the TIFF structure.
        boolean preamble = tiff.length >= EXIF_PREAMBLE.length && Arrays.equals(tiff, 0, EXIF_PREAMBLE.length, EXIF_PREAMBLE, 0,
                EXIF_PREAMBLE.length);
        new ExifReader().extract(new ByteArrayReader(tiff), metadata, preamble ? EXIF_PREAMBLE.length : 0);
    }

    /**
     * A HEIF Exif item opens with the offset of the TIFF header from the end of that field (ISO/IEC 23008-12 Annex A);
     * metadata-extractor's own HEIF reader is not used, as it loses its place at a {@code uuid} box before the
     * {@code meta} box (Canon's cameras write one there).
     */
    private static void heifExif(byte[] item, Metadata metadata) throws ImageDefect {
        if (item == null) {
            return;
        }
        if (item.length < 4 || ImageSniffer.readUint32(item, 0) > item.length - 4) {
            throw new ImageDefect("malformed Exif item: its TIFF header offset points past it");
        }
        new ExifReader().extract(new ByteArrayReader(item), metadata, 4 + (int) ImageSniffer.readUint32(item, 0));
    }

    /** The data of the first {@code eXIf} chunk, or {@code null}. */
    private static byte[] pngExif(byte[] png) {
        long offset = 8;
        while (offset + 12 <= png.length) {
            long length = ImageSniffer.readUint32(png, (int) offset);
            String type = ImageSniffer.ascii(png, (int) offset + 4, 4);
            long data = offset + 8;
            if (data + length + 4 > png.length || type.equals("IEND")) {
                return null;
            }
            if (type.equals("eXIf")) {
                return Arrays.copyOfRange(png, (int) data, (int) (data + length));
            }
            offset = data + length + 4;
        }
        return null;
    }

    /** The data of the first {@code EXIF} chunk of the RIFF container, or {@code null}. */
    private static byte[] webpExif(byte[] webp) {
        long offset = 12;
        while (offset + 8 <= webp.length) {
            String fourCc = ImageSniffer.ascii(webp, (int) offset, 4);
            long size = littleEndian32(webp, (int) offset + 4);
            long data = offset + 8;
            if (data + size > webp.length) {
                return null;
            }
            if (fourCc.equals("EXIF")) {
                return Arrays.copyOfRange(webp, (int) data, (int) (data + size));
            }
            offset = data + size + (size & 1);
        }
        return null;
    }

    private static long littleEndian32(byte[] b, int offset) {
        return (b[offset] & 0xffL) | ((b[offset + 1] & 0xffL) << 8) | ((b[offset + 2] & 0xffL) << 16) | ((b[offset + 3] & 0xffL) << 24);
    }
}
