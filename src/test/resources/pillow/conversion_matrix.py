"""The conversion matrix, made and judged by a decoder gemcap does not use (Pillow).

make DIR     writes one file per case into DIR and DIR/manifest.tsv (case, file, scaled)
compare DIR  for each case whose DIR/<file>.sent exists, prints one tab-separated line:
             case, mean difference per channel (r, g, b), 95th-percentile pixel error
Both the file and what gemcap sends for it are decoded by Pillow, turned upright by their EXIF
orientation, flattened onto white and reduced to 64 px on their longest side before they are compared.
"""
import ctypes
import ctypes.util
import io
import os
import struct
import subprocess
import sys
import zlib

from PIL import Image, ImageCms, ImageDraw, ImageOps

SCALED = (1600, 1200)  # larger than the low detail level's 768 px: decoded and scaled
AS_IS = (320, 240)     # smaller: sent as it is where the service takes the format
COMPARED = 64


def picture(size):
    """Gradients, saturated blocks and a dark corner: every channel varies, and no symmetry hides a wrong turn."""
    w, h = size
    gradient = Image.new("RGB", (256, 1))
    gradient.putdata([(x, 255 - x, (x * 3) % 256) for x in range(256)])
    im = gradient.resize((w, h), Image.BILINEAR)
    vertical = Image.linear_gradient("L").resize((w, h))
    im = Image.merge("RGB", (im.getchannel(0), vertical, im.getchannel(2)))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, w // 4, h // 4], fill=(187, 28, 44))
    d.rectangle([w // 2, h // 2, w * 3 // 4, h * 3 // 4], fill=(30, 160, 60))
    d.rectangle([w * 3 // 4, 0, w - 1, h // 5], fill=(20, 40, 200))
    d.ellipse([w // 3, h // 8, w // 3 + w // 6, h // 8 + h // 4], fill=(250, 230, 40))
    d.rectangle([0, h * 4 // 5, w // 6, h - 1], fill=(10, 10, 10))
    return im


def with_alpha(im):
    """A fully transparent band on the left and a half-transparent one on the right."""
    w, h = im.size
    alpha = Image.new("L", im.size, 255)
    d = ImageDraw.Draw(alpha)
    d.rectangle([0, h // 3, w // 8, h * 2 // 3], fill=0)
    d.rectangle([w * 7 // 8, h // 3, w - 1, h * 2 // 3], fill=128)
    out = im.convert("RGBA") if im.mode != "L" else im.convert("LA")
    out.putalpha(alpha)
    return out


def png16(path, rgb, alpha):
    """A 16-bit RGB(A) PNG written byte by byte (Pillow writes 16 bits only for grey)."""
    w, h = rgb.size
    channels = 4 if alpha is not None else 3
    px = rgb.load()
    ap = alpha.load() if alpha is not None else None
    rows = bytearray()
    for y in range(h):
        rows.append(0)
        for x in range(w):
            r, g, b = px[x, y]
            # Low bytes that differ from the high ones: a reader that keeps the wrong byte is caught.
            values = [r * 257 ^ (x & 0x7f), g * 257 ^ (y & 0x7f), b * 257]
            if ap is not None:
                values.append(ap[x, y] * 257)
            rows += struct.pack(">" + "H" * channels, *values)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    header = struct.pack(">IIBBBBB", w, h, 16, 6 if alpha is not None else 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b""))


def ycck_jpeg(path, cmyk):
    """A YCCK JPEG through libjpeg-turbo's TurboJPEG API, which encodes CMYK pixels as YCCK with an Adobe marker."""
    lib = ctypes.CDLL(ctypes.util.find_library("turbojpeg") or "libturbojpeg.so.0")
    lib.tjInitCompress.restype = ctypes.c_void_p
    handle = lib.tjInitCompress()
    w, h = cmyk.size
    # Adobe's files store CMYK inverted (Pillow writes and reads them so); TurboJPEG stores the bytes it is given.
    pixels = bytes(255 - v for v in cmyk.tobytes())
    out = ctypes.POINTER(ctypes.c_ubyte)()
    size = ctypes.c_ulong(0)
    TJPF_CMYK, TJSAMP_420 = 11, 2
    rc = lib.tjCompress2(ctypes.c_void_p(handle), pixels, w, 0, h, TJPF_CMYK, ctypes.byref(out), ctypes.byref(size),
                         TJSAMP_420, 92, 0)
    if rc != 0:
        raise RuntimeError("tjCompress2 failed")
    with open(path, "wb") as f:
        f.write(ctypes.string_at(out, size.value))
    lib.tjFree(out)
    lib.tjDestroy(ctypes.c_void_p(handle))


def make(folder):
    os.makedirs(folder, exist_ok=True)
    cases = []
    for scaled, size in ((True, SCALED), (False, AS_IS)):
        tag = "scaled" if scaled else "as-is"
        rgb = picture(size)

        def save(name, im, **options):
            file = f"{name}-{tag}"
            im.save(os.path.join(folder, file), **options)
            cases.append((f"{name} ({tag})", file, scaled))

        def made(name, write):
            file = f"{name}-{tag}"
            write(os.path.join(folder, file))
            cases.append((f"{name} ({tag})", file, scaled))

        for bits in (1, 2, 4, 8):
            palette = rgb.quantize(colors=2 ** bits)
            save(f"gif-{bits}bit", palette, format="GIF")
            save(f"png-palette-{bits}bit", palette, format="PNG", bits=bits)
        transparent = rgb.quantize(colors=255)
        alpha_band = with_alpha(rgb).getchannel("A").point(lambda a: 0 if a < 255 else 255)
        transparent.paste(255, mask=Image.eval(alpha_band, lambda a: 255 - a))
        save("gif-transparent-index", transparent, format="GIF", transparency=255)
        save("png-palette-trns", transparent, format="PNG", transparency=255)
        grey = rgb.convert("L")
        save("png-grey", grey, format="PNG")
        save("png-grey-alpha-opaque", grey.convert("LA"), format="PNG")
        save("png-grey-alpha", with_alpha(grey), format="PNG")
        save("png-grey-16bit", grey16(grey), format="PNG")
        save("png-grey-trns", grey, format="PNG", transparency=10)
        save("png-rgb", rgb, format="PNG")
        save("png-rgba", with_alpha(rgb), format="PNG")
        save("png-rgb-trns", rgb, format="PNG", transparency=(187, 28, 44))
        made("png-rgb-16bit", lambda p: png16(p, rgb, None))
        made("png-rgba-16bit", lambda p: png16(p, rgb, with_alpha(rgb).getchannel("A")))
        save("jpeg-rgb", rgb, format="JPEG", quality=92)
        save("jpeg-grey", grey, format="JPEG", quality=92)
        save("jpeg-cmyk", rgb.convert("CMYK"), format="JPEG", quality=92)
        made("jpeg-ycck", lambda p: ycck_jpeg(p, rgb.convert("CMYK")))
        save("jpeg-progressive", rgb, format="JPEG", quality=92, progressive=True)
        save("jpeg-adobe-rgb-icc", rgb, format="JPEG", quality=92, icc_profile=profile("a98.icc"))
        save("jpeg-cmyk-icc", rgb.convert("CMYK"), format="JPEG", quality=92, icc_profile=profile("default_cmyk.icc"))
        for orientation in range(1, 9):
            exif = Image.Exif()
            exif[0x0112] = orientation
            save(f"jpeg-orientation-{orientation}", rgb, format="JPEG", quality=92, exif=exif.tobytes())
        save("bmp-rgb", rgb, format="BMP")
        save("bmp-palette-8bit", rgb.quantize(colors=256), format="BMP")
        save("bmp-1bit", grey.convert("1"), format="BMP")
        save("tiff-strips", rgb, format="TIFF", compression="tiff_lzw")
        save("tiff-grey-16bit", grey16(grey), format="TIFF")
        made("tiff-tiles", lambda p: magick(rgb, p, "-define", "tiff:tile-geometry=128x128", "-compress", "zip"))
        made("tiff-rgb-16bit", lambda p: magick(rgb, p, "-depth", "16"))
        save("webp-lossy", rgb, format="WEBP", quality=90)
        save("webp-lossless", rgb, format="WEBP", lossless=True)
        save("webp-alpha", with_alpha(rgb), format="WEBP", lossless=True)
    with open(os.path.join(folder, "manifest.tsv"), "w") as f:
        for name, file, scaled in cases:
            f.write(f"{name}\t{file}\t{'scaled' if scaled else 'as-is'}\n")


def profile(name):
    """An ICC profile of Ghostscript's, as Debian ships them (libgs-common, which ImageMagick brings)."""
    with open(os.path.join("/usr/share/color/icc/ghostscript", name), "rb") as f:
        return f.read()


def grey16(grey):
    """16-bit grey spanning the whole range."""
    return grey.convert("I").point(lambda v: v * 257).convert("I;16")


def magick(rgb, path, *options):
    """ImageMagick writes what Pillow cannot: tiled and 16-bit RGB TIFF."""
    buffer = io.BytesIO()
    rgb.save(buffer, format="PNG")
    subprocess.run(["convert", "png:-", *options, "tiff:" + path], input=buffer.getvalue(), check=True)


def seen(path):
    """The picture a viewer shows: first frame, upright, in sRGB through its ICC profile (relative colorimetric, as
    ImageMagick converts), flattened onto white, 8-bit RGB."""
    im = Image.open(path)
    im.seek(0)
    im = ImageOps.exif_transpose(im)
    if im.info.get("icc_profile") and im.mode in ("RGB", "CMYK"):
        embedded = ImageCms.ImageCmsProfile(io.BytesIO(im.info["icc_profile"]))
        im = ImageCms.profileToProfile(im, embedded, ImageCms.createProfile("sRGB"), outputMode="RGB",
                                         renderingIntent=ImageCms.INTENT_RELATIVE_COLORIMETRIC)
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.point(lambda v: v * (1 / 257)).convert("L")
    im = im.convert("RGBA")
    white = Image.new("RGBA", im.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, im).convert("RGB")


def compare(folder):
    with open(os.path.join(folder, "manifest.tsv")) as f:
        cases = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for name, file, _ in cases:
        sent_path = os.path.join(folder, file + ".sent")
        if not os.path.exists(sent_path):
            continue
        original = seen(os.path.join(folder, file))
        sent = seen(sent_path)
        w, h = original.size
        small = (max(1, round(w * COMPARED / max(w, h))), max(1, round(h * COMPARED / max(w, h))))
        a = list(original.resize(small, Image.BOX).getdata())
        b = list(sent.resize(small, Image.BOX).getdata())
        means = [abs(sum(p[c] for p in a) - sum(p[c] for p in b)) / len(a) for c in range(3)]
        errors = sorted(max(abs(p[c] - q[c]) for c in range(3)) for p, q in zip(a, b))
        p95 = errors[min(len(errors) - 1, int(0.95 * len(errors)))]
        print(f"{name}\t{means[0]:.2f}\t{means[1]:.2f}\t{means[2]:.2f}\t{p95}\t{sent.size[0]}x{sent.size[1]}")


if __name__ == "__main__":
    {"make": make, "compare": compare}[sys.argv[1]](sys.argv[2])
