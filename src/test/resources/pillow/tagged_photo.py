"""A photo with what cameras and phones write into it, for gemcap's metadata tests.

tagged_photo.py OUT FORMAT WIDTH HEIGHT [OPTION...]
options: gps (a GPS position, make, model, owner and serial number in EXIF), comment (a JPEG comment),
text (PNG text chunks), orientation=N, icc=small (Pillow's sRGB profile, 588 bytes) or icc=large (20 KB)
"""
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
        pad = b'\0' * ((4 - len(icc) % 4) % 4)
        private = b'\x5a' * 20000
        table.append((b'zzzz', len(icc) + shift + len(pad), len(private)))
        icc = icc[:128] + struct.pack('>I', count + 1) + b''.join(struct.pack('>4sII', *t) for t in table) + body + pad + private
        icc = struct.pack('>I', len(icc)) + icc[4:84] + b'\0' * 16 + icc[100:]
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
