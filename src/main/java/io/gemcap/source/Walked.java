package io.gemcap.source;

/** An image and its place in walk order (from 0). */
public record Walked(long position, ImageRef ref) {
}
