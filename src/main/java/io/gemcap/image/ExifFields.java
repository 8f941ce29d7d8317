package io.gemcap.image;

import com.drew.lang.GeoLocation;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.Tag;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.GpsDirectory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An image's EXIF fields by name, for prompt templates: {@code Model}, {@code Make}, {@code DateTimeOriginal} (the
 * tag's name as metadata-extractor gives it, the EXIF standard's, without spaces or punctuation: {@code BodySerialNumber}
 * where exiftool says {@code SerialNumber}), and {@code GPS} as {@code latitude, longitude} in decimal degrees. Read from
 * the EXIF block alone ({@link ExifBlock}): no text chunk is inflated and no other metadata parsed, so a file costs at
 * most its own size to read.
 */
public final class ExifFields {

    private ExifFields() {
    }

    /** The fields the image holds; none for an image without EXIF or one that cannot be read. */
    public static Map<String, String> of(byte[] image) {
        Map<String, String> fields = new HashMap<>();
        Optional<ImageType> type = ImageSniffer.sniff(image);
        if (type.isEmpty()) {
            return fields;
        }
        try {
            Metadata metadata = ExifBlock.read(type.get(), image);
            for (Directory directory : metadata.getDirectories()) {
                if (!(directory instanceof ExifDirectoryBase) && !(directory instanceof GpsDirectory)) {
                    continue;
                }
                for (Tag tag : directory.getTags()) {
                    String description = tag.getDescription();
                    if (description != null && !description.isBlank()) {
                        fields.putIfAbsent(tag.getTagName().replaceAll("[^A-Za-z0-9]", ""), description.strip());
                    }
                }
                if (directory instanceof GpsDirectory gps) {
                    GeoLocation location = gps.getGeoLocation();
                    if (location != null && !location.isZero()) {
                        fields.put("GPS", String.format(Locale.ROOT, "%.6f, %.6f", location.getLatitude(), location.getLongitude()));
                    }
                }
            }
        } catch (Exception | StackOverflowError e) {
            // No EXIF to be had (a loop of nested IFDs can run the parser's stack out): its placeholders have no value for this image.
        }
        return fields;
    }
}
