/*
 * filterviz image input: read a person's own image file in the browser and
 * resize it to size × size RGB pixels in [0, 1] the way the command line does,
 * filterviz.data.load_images([path], image_size=(size, size)):
 *
 *   1. the file is checked from its first bytes (PNG, JPEG, GIF, WebP or BMP, by
 *      content, not by name) and refused from its header's dimensions, before it
 *      is decoded, when it has more than 40 megapixels;
 *   2. the browser decodes it without colour management (Pillow applies none),
 *      with the EXIF orientation applied, and the first frame of an animation;
 *      transparent pixels are laid on white;
 *   3. a JPEG is first shrunk by the factor (8, 4, 2 or 1) that Pillow's draft
 *      decoding would use, averaging blocks: Pillow decodes at reduced size with
 *      a scaled inverse DCT, which a block average only approximates;
 *   4. the image is shrunk by the whole factor min(width // size, height // size)
 *      when that is 2 or more, averaging blocks with Pillow's integer rounding
 *      (Image.reduce);
 *   5. it is resized to size × size with Pillow's BILINEAR filter: a triangle
 *      widened by the scale factor when shrinking (antialiased), fixed-point
 *      coefficients with 22 fractional bits, horizontal pass first, each pass
 *      rounded to 8 bits (Image.resize);
 *   6. the 8-bit values become float32 value / 255.
 *
 * "none" resizes the whole image (its proportions are not kept, as on the
 * command line); "centre" first cuts the centre square, as
 * filterviz.data.sample_images does for its photos.
 *
 * window.filterviz_image.read(file, {size, crop}) resolves, never rejects, to
 * {ok: true, pixels, width, height, crop, name, note, preview} or
 * {ok: false, message}; window.filterviz_image.attach(container, options) builds
 * a labelled file input, a drop zone and a message line. Nothing leaves the
 * browser.
 */
(function () {
  "use strict";

  const MAX_PIXELS = 40000000;
  /** The longest side a browser canvas holds (Chromium's limit); the pixels are read through one. */
  const MAX_SIDE = 32767;
  const PREVIEW_SIDE = 256;
  const PRECISION_BITS = 22; // Pillow's Resample.c for 8-bit images: 32 - 8 - 2
  const FORMATS = ["PNG", "JPEG", "GIF", "WebP", "BMP"];
  const ACCEPT = "image/png,image/jpeg,image/gif,image/webp,image/bmp,.png,.jpg,.jpeg,.gif,.webp,.bmp";
  /** Rows read from the decoded image at a time, so that a large photo never sits in memory whole. */
  const STRIP_PIXELS = 1 << 22;

  function quoted(name) {
    const shown = name.length > 40 ? name.slice(0, 39) + "…" : name;
    return "\u201c" + shown + "\u201d";
  }

  function megapixels(width, height) {
    return ((width * height) / 1e6).toFixed(1) + "\u00a0MP";
  }

  // ---------------------------------------------------------------- headers

  function u16be(bytes, at) {
    return (bytes[at] << 8) | bytes[at + 1];
  }
  function u16le(bytes, at) {
    return bytes[at] | (bytes[at + 1] << 8);
  }
  function u24le(bytes, at) {
    return bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16);
  }
  function u32be(bytes, at) {
    return ((bytes[at] << 24) >>> 0) + ((bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]);
  }
  function i32le(bytes, at) {
    return bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
  }
  function ascii(bytes, at, length) {
    let text = "";
    for (let k = 0; k < length && at + k < bytes.length; k += 1) {
      text += String.fromCharCode(bytes[at + k]);
    }
    return text;
  }

  /** The format of a file from its first bytes, or null. */
  function sniff(bytes) {
    if (bytes.length >= 8 && bytes[0] === 0x89 && ascii(bytes, 1, 3) === "PNG" &&
        bytes[4] === 0x0d && bytes[5] === 0x0a && bytes[6] === 0x1a && bytes[7] === 0x0a) {
      return "PNG";
    }
    if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
      return "JPEG";
    }
    if (bytes.length >= 6 && (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a")) {
      return "GIF";
    }
    if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") {
      return "WebP";
    }
    if (bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d) {
      return "BMP";
    }
    return null;
  }

  function pngHeader(bytes) {
    if (bytes.length < 24 || ascii(bytes, 12, 4) !== "IHDR") {
      return null;
    }
    let frames = 1;
    let at = 8;
    while (at + 8 <= bytes.length) {
      const length = u32be(bytes, at);
      const type = ascii(bytes, at + 4, 4);
      if (type === "acTL" && at + 12 <= bytes.length) {
        frames = u32be(bytes, at + 8);
      }
      if (type === "IDAT" || type === "IEND") {
        break;
      }
      at += 12 + length;
    }
    return { width: u32be(bytes, 16), height: u32be(bytes, 20), frames: frames };
  }

  function jpegHeader(bytes) {
    let at = 2;
    while (at + 4 <= bytes.length) {
      if (bytes[at] !== 0xff) {
        return null;
      }
      let marker = bytes[at + 1];
      while (marker === 0xff && at + 2 < bytes.length) { // fill bytes
        at += 1;
        marker = bytes[at + 1];
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        at += 2;
        continue;
      }
      if (marker === 0xd9 || marker === 0xda) {
        return null; // image data before any frame header
      }
      const length = u16be(bytes, at + 2);
      const frame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 &&
        marker !== 0xcc;
      if (frame && at + 9 <= bytes.length) {
        return { height: u16be(bytes, at + 5), width: u16be(bytes, at + 7), frames: 1 };
      }
      at += 2 + length;
    }
    return null;
  }

  function gifHeader(bytes) {
    if (bytes.length < 13) {
      return null;
    }
    const width = u16le(bytes, 6);
    const height = u16le(bytes, 8);
    let at = 13;
    if (bytes[10] & 0x80) {
      at += 3 * (1 << ((bytes[10] & 0x07) + 1));
    }
    function skipBlocks(from) {
      let position = from;
      while (position < bytes.length && bytes[position] !== 0) {
        position += 1 + bytes[position];
      }
      return position + 1;
    }
    let frames = 0;
    while (at < bytes.length) {
      const kind = bytes[at];
      if (kind === 0x21) { // extension: label, then data sub-blocks
        at = skipBlocks(at + 2);
      } else if (kind === 0x2c) { // an image (a frame)
        frames += 1;
        const flags = bytes[at + 9];
        at += 10;
        if (flags & 0x80) {
          at += 3 * (1 << ((flags & 0x07) + 1));
        }
        at = skipBlocks(at + 1); // LZW minimum code size, then the data
      } else {
        break; // 0x3b, the trailer, or damage
      }
    }
    return { width: width, height: height, frames: Math.max(frames, 1) };
  }

  function webpHeader(bytes) {
    const chunk = ascii(bytes, 12, 4);
    if (chunk === "VP8 " && bytes.length >= 30) {
      return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff, frames: 1 };
    }
    if (chunk === "VP8L" && bytes.length >= 25) {
      const bits = (bytes[21] | (bytes[22] << 8) | (bytes[23] << 16) | (bytes[24] << 24)) >>> 0;
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, frames: 1 };
    }
    if (chunk === "VP8X" && bytes.length >= 30) {
      const animated = (bytes[20] & 0x02) !== 0;
      return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1, frames: animated ? 2 : 1 };
    }
    return null;
  }

  function bmpHeader(bytes) {
    if (bytes.length < 26) {
      return null;
    }
    const headerSize = i32le(bytes, 14);
    if (headerSize === 12) {
      return { width: u16le(bytes, 18), height: u16le(bytes, 20), frames: 1 };
    }
    if (headerSize < 40) {
      return null;
    }
    return { width: Math.abs(i32le(bytes, 18)), height: Math.abs(i32le(bytes, 22)), frames: 1 };
  }

  /**
   * What a file's first bytes say: {format, width, height, frames}, or
   * {format: null} for a file that is none of the formats read here, or
   * {format, width: null} where the header is damaged.
   */
  function describe(bytes) {
    const format = sniff(bytes);
    const parsers = { PNG: pngHeader, JPEG: jpegHeader, GIF: gifHeader, WebP: webpHeader, BMP: bmpHeader };
    if (format === null) {
      return { format: null };
    }
    const header = parsers[format](bytes);
    if (header === null || !(header.width > 0) || !(header.height > 0)) {
      return { format: format, width: null, height: null, frames: 0 };
    }
    return { format: format, width: header.width, height: header.height, frames: header.frames };
  }

  // --------------------------------------------------------------- resizing

  /** Pillow's division_UINT32(n, 8): 2**32 / (256 n) in single precision, truncated. */
  function multiplierFor(count) {
    return Math.trunc(Math.fround(4294967296 / (256 * count)));
  }

  /**
   * Shrink bytes (height, width, bands) by a whole factor as Pillow's
   * Image.reduce(factor) does: each output pixel is the mean of a factor ×
   * factor block, the last column and row of blocks cut short at the edges.
   */
  function reduce(pixels, width, height, factor, bands) {
    const n = bands || 3;
    const outWidth = Math.ceil(width / factor);
    const outHeight = Math.ceil(height / factor);
    const out = new Uint8Array(outWidth * outHeight * n);
    const sums = new Float64Array(outWidth * n);
    for (let y = 0; y < outHeight; y += 1) {
      sums.fill(0);
      const rowEnd = Math.min(height, (y + 1) * factor);
      for (let row = y * factor; row < rowEnd; row += 1) {
        const line = row * width * n;
        for (let x = 0; x < width; x += 1) {
          const block = Math.floor(x / factor) * n;
          for (let band = 0; band < n; band += 1) {
            sums[block + band] += pixels[line + n * x + band];
          }
        }
      }
      const blockRows = rowEnd - y * factor;
      for (let x = 0; x < outWidth; x += 1) {
        const count = blockRows * (Math.min(width, (x + 1) * factor) - x * factor);
        const multiplier = multiplierFor(count);
        const amend = Math.floor(count / 2);
        for (let band = 0; band < n; band += 1) {
          out[(y * outWidth + x) * n + band] =
            Math.floor(((sums[n * x + band] + amend) * multiplier) / 16777216);
        }
      }
    }
    return out;
  }

  /** Pillow's precompute_coeffs for the bilinear filter, as fixed-point integers. */
  function coefficients(inSize, outSize) {
    const scale = inSize / outSize;
    const filterScale = Math.max(scale, 1);
    const support = filterScale; // the bilinear (triangle) filter's support is 1
    const size = Math.ceil(support) * 2 + 1;
    const bounds = new Int32Array(outSize * 2);
    const weights = new Float64Array(outSize * size);
    for (let index = 0; index < outSize; index += 1) {
      const centre = (index + 0.5) * scale;
      const inverse = 1 / filterScale;
      let low = Math.trunc(centre - support + 0.5);
      if (low < 0) {
        low = 0;
      }
      let high = Math.trunc(centre + support + 0.5);
      if (high > inSize) {
        high = inSize;
      }
      const count = high - low;
      let total = 0;
      const raw = new Float64Array(count);
      for (let k = 0; k < count; k += 1) {
        const distance = Math.abs((k + low - centre + 0.5) * inverse);
        raw[k] = distance < 1 ? 1 - distance : 0;
        total += raw[k];
      }
      for (let k = 0; k < count; k += 1) {
        const value = total !== 0 ? raw[k] / total : raw[k];
        weights[index * size + k] = value < 0
          ? Math.trunc(-0.5 + value * (1 << PRECISION_BITS))
          : Math.trunc(0.5 + value * (1 << PRECISION_BITS));
      }
      bounds[2 * index] = low;
      bounds[2 * index + 1] = count;
    }
    return { size: size, bounds: bounds, weights: weights };
  }

  function clip8(sum) {
    const value = Math.floor(sum / (1 << PRECISION_BITS));
    return value < 0 ? 0 : value > 255 ? 255 : value;
  }

  /** Resize RGB bytes to outWidth × outHeight as Pillow's Image.resize(..., BILINEAR). */
  function resize(pixels, width, height, outWidth, outHeight) {
    const horizontal = outWidth !== width;
    const vertical = outHeight !== height;
    const columns = coefficients(width, outWidth);
    const rows = coefficients(height, outHeight);
    const half = 1 << (PRECISION_BITS - 1);
    let source = pixels;
    let sourceWidth = width;
    let first = 0;
    if (horizontal) {
      first = rows.bounds[0];
      const last = rows.bounds[2 * outHeight - 2] + rows.bounds[2 * outHeight - 1];
      const lines = vertical ? last - first : height;
      if (!vertical) {
        first = 0;
      }
      const temporary = new Uint8Array(outWidth * lines * 3);
      for (let y = 0; y < lines; y += 1) {
        const line = (y + first) * width * 3;
        for (let x = 0; x < outWidth; x += 1) {
          const low = columns.bounds[2 * x];
          const count = columns.bounds[2 * x + 1];
          const base = x * columns.size;
          let red = half;
          let green = half;
          let blue = half;
          for (let k = 0; k < count; k += 1) {
            const weight = columns.weights[base + k];
            const at = line + 3 * (low + k);
            red += pixels[at] * weight;
            green += pixels[at + 1] * weight;
            blue += pixels[at + 2] * weight;
          }
          const to = (y * outWidth + x) * 3;
          temporary[to] = clip8(red);
          temporary[to + 1] = clip8(green);
          temporary[to + 2] = clip8(blue);
        }
      }
      source = temporary;
      sourceWidth = outWidth;
    }
    if (!vertical) {
      return source;
    }
    const out = new Uint8Array(outWidth * outHeight * 3);
    for (let y = 0; y < outHeight; y += 1) {
      const low = rows.bounds[2 * y] - first;
      const count = rows.bounds[2 * y + 1];
      const base = y * rows.size;
      for (let x = 0; x < sourceWidth; x += 1) {
        let red = half;
        let green = half;
        let blue = half;
        for (let k = 0; k < count; k += 1) {
          const weight = rows.weights[base + k];
          const at = ((low + k) * sourceWidth + x) * 3;
          red += source[at] * weight;
          green += source[at + 1] * weight;
          blue += source[at + 2] * weight;
        }
        const to = (y * outWidth + x) * 3;
        out[to] = clip8(red);
        out[to + 1] = clip8(green);
        out[to + 2] = clip8(blue);
      }
    }
    return out;
  }

  /** Pillow's SHIFTFORDIV255: x / 255, nearly, in integers. */
  function div255(value) {
    return Math.floor((Math.floor(value / 256) + value) / 256);
  }

  /** RGBA to premultiplied RGBa, as Pillow converts before it shrinks a translucent image. */
  function premultiply(rgba) {
    const out = new Uint8Array(rgba.length);
    for (let k = 0; k < rgba.length; k += 4) {
      const alpha = rgba[k + 3];
      out[k] = div255(rgba[k] * alpha + 128);
      out[k + 1] = div255(rgba[k + 1] * alpha + 128);
      out[k + 2] = div255(rgba[k + 2] * alpha + 128);
      out[k + 3] = alpha;
    }
    return out;
  }

  /** RGBa back to RGBA, in place: Pillow divides and truncates. */
  function unpremultiply(rgba) {
    for (let k = 0; k < rgba.length; k += 4) {
      const alpha = rgba[k + 3];
      if (alpha !== 0 && alpha !== 255) {
        for (let band = 0; band < 3; band += 1) {
          rgba[k + band] = Math.min(255, Math.floor((255 * rgba[k + band]) / alpha));
        }
      }
    }
    return rgba;
  }

  /** RGBA laid on opaque white, as Pillow's alpha_composite(white, image) computes; RGB out. */
  function onWhite(rgba) {
    const out = new Uint8Array((rgba.length / 4) * 3);
    for (let k = 0, j = 0; k < rgba.length; k += 4, j += 3) {
      const alpha = rgba[k + 3];
      if (alpha === 0) {
        out[j] = out[j + 1] = out[j + 2] = 255;
        continue;
      }
      const total = alpha * 255 + 255 * (255 - alpha);
      const mine = Math.floor((alpha * 255 * 255 * 128) / total);
      const white = 255 * 128 - mine;
      for (let band = 0; band < 3; band += 1) {
        out[j + band] = Math.floor(div255(rgba[k + band] * mine + 255 * white + (0x80 << 7)) / 128);
      }
    }
    return out;
  }

  // --------------------------------------------------------------- decoding

  function canvas2d(width, height) {
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    return [canvas, canvas.getContext("2d", { willReadFrequently: true })];
  }

  /**
   * The RGB bytes of the `crop` of a decoded image, laid on white, shrunk by
   * `factor` (a whole number, 1 for none) strip by strip. As in Pillow, a
   * translucent image is shrunk premultiplied, then laid on white.
   */
  function readShrunk(bitmap, crop, factor) {
    const outWidth = Math.ceil(crop.w / factor);
    const outHeight = Math.ceil(crop.h / factor);
    const out = new Uint8Array(outWidth * outHeight * 3);
    const stripRows = Math.max(factor, factor * Math.floor(STRIP_PIXELS / (crop.w * factor)));
    const [, context] = canvas2d(crop.w, Math.min(stripRows, crop.h));
    for (let top = 0; top < crop.h; top += stripRows) {
      const lines = Math.min(stripRows, crop.h - top);
      context.clearRect(0, 0, crop.w, stripRows);
      context.drawImage(bitmap, crop.x, crop.y + top, crop.w, lines, 0, 0, crop.w, lines);
      const rgba = context.getImageData(0, 0, crop.w, lines).data;
      const rgb = factor > 1
        ? onWhite(unpremultiply(reduce(premultiply(rgba), crop.w, lines, factor, 4)))
        : onWhite(rgba);
      out.set(rgb, (top / factor) * outWidth * 3);
    }
    return { pixels: out, width: outWidth, height: outHeight };
  }

  function previewOf(bitmap) {
    const scale = Math.min(1, PREVIEW_SIDE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const [canvas, context] = canvas2d(width, height);
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, width, height);
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, 0, 0, width, height);
    return canvas;
  }

  /** The scale (8, 4, 2 or 1) that Pillow's JPEG draft mode decodes at for this target. */
  function draftScale(width, height, size) {
    const scale = Math.min(Math.floor(width / size), Math.floor(height / size));
    return [8, 4, 2, 1].find(function (candidate) {
      return scale >= candidate;
    }) || 1;
  }

  function checkSize(size) {
    return Number.isInteger(size) && size >= 1 && size <= 1024 ? size : null;
  }

  async function readFile(file, options) {
    const settings = options || {};
    const size = settings.size === undefined ? 32 : checkSize(settings.size);
    const cropMode = settings.crop === undefined ? "none" : settings.crop;
    const name = file && typeof file.name === "string" && file.name ? file.name : "the file";
    if (size === null) {
      return { ok: false, message: "size must be a whole number from 1 to 1024; got " + settings.size + "." };
    }
    if (cropMode !== "none" && cropMode !== "centre") {
      return { ok: false, message: "crop must be \u201cnone\u201d or \u201ccentre\u201d; got " + cropMode + "." };
    }
    if (!file || typeof file.arrayBuffer !== "function") {
      return { ok: false, message: "No file was given: choose an image file (PNG, JPEG, GIF, WebP or BMP)." };
    }
    if (file.size === 0) {
      return { ok: false, message: quoted(name) + " is empty (0 bytes); expected an image file (PNG, JPEG, GIF, WebP or BMP)." };
    }
    // The header is in the first kilobytes, except a JPEG's, which may follow large EXIF data.
    const head = new Uint8Array(await file.slice(0, 1 << 18).arrayBuffer());
    let header = describe(head);
    if (header.format === "JPEG" && header.width === null && file.size > head.length) {
      header = describe(new Uint8Array(await file.arrayBuffer()));
    }
    if (header.format === "GIF" || header.format === "PNG") {
      // Frames are counted through the whole file.
      if (file.size > head.length) {
        const whole = describe(new Uint8Array(await file.arrayBuffer()));
        header.frames = whole.frames || header.frames;
      }
    }
    if (header.format === null) {
      return {
        ok: false,
        message: quoted(name) + " is not an image this page reads (judged by its content, not its name); " +
          "expected a PNG, JPEG, GIF, WebP or BMP file.",
      };
    }
    if (header.width === null) {
      return {
        ok: false,
        message: quoted(name) + " starts like a " + header.format + " image but its header is damaged; " +
          "expected a whole " + header.format + " file.",
      };
    }
    if (header.width * header.height > MAX_PIXELS) {
      return {
        ok: false,
        message: quoted(name) + " is " + header.width + " \u00d7 " + header.height + " pixels (" +
          megapixels(header.width, header.height) + "), more than the " + MAX_PIXELS / 1e6 +
          "\u00a0MP this page reads, so it was not decoded; expected a smaller image (shrink it first).",
      };
    }
    if (Math.max(header.width, header.height) > MAX_SIDE) {
      return {
        ok: false,
        message: quoted(name) + " is " + header.width + " \u00d7 " + header.height + " pixels, longer " +
          "than the " + MAX_SIDE + " pixels a side that a browser canvas holds; expected a smaller image.",
      };
    }
    let bitmap;
    try {
      bitmap = await window.createImageBitmap(file, {
        colorSpaceConversion: "none",
        imageOrientation: "from-image",
      });
    } catch (error) {
      return {
        ok: false,
        message: quoted(name) + " could not be decoded as a " + header.format +
          " image; it may be damaged or cut short. Expected a whole image file.",
      };
    }
    try {
      const width = bitmap.width;
      const height = bitmap.height;
      let crop = { x: 0, y: 0, w: width, h: height };
      if (cropMode === "centre") {
        const side = Math.min(width, height);
        crop = { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), w: side, h: side };
      }
      let first = Math.min(Math.floor(crop.w / size), Math.floor(crop.h / size));
      const draft = header.format === "JPEG" ? draftScale(crop.w, crop.h, size) : 1;
      if (draft > 1) {
        first = draft;
      }
      let image = readShrunk(bitmap, crop, first >= 2 ? first : 1);
      if (draft > 1) {
        const factor = Math.min(Math.floor(image.width / size), Math.floor(image.height / size));
        if (factor >= 2) {
          image = {
            pixels: reduce(image.pixels, image.width, image.height, factor),
            width: Math.ceil(image.width / factor),
            height: Math.ceil(image.height / factor),
          };
        }
      }
      const bytes = resize(image.pixels, image.width, image.height, size, size);
      const pixels = new Float32Array(bytes.length);
      for (let k = 0; k < bytes.length; k += 1) {
        pixels[k] = bytes[k] / 255;
      }
      const animated = header.frames > 1;
      return {
        ok: true,
        pixels: pixels,
        width: width,
        height: height,
        crop: crop,
        name: name,
        format: header.format,
        note: animated
          ? quoted(name) + " is an animated " + header.format + ": its first frame is used."
          : "",
        preview: previewOf(bitmap),
      };
    } finally {
      bitmap.close();
    }
  }

  /** Read an image file; resolves to {ok: true, ...} or {ok: false, message}, never rejects. */
  function read(file, options) {
    return readFile(file, options).catch(function (error) {
      const name = file && file.name ? quoted(file.name) : "The file";
      return {
        ok: false,
        message: name + " could not be read (" + (error && error.message ? error.message : String(error)) +
          "); expected a PNG, JPEG, GIF, WebP or BMP image.",
      };
    });
  }

  // -------------------------------------------------------------------- page

  let attached = 0;

  /**
   * Build a labelled file input, a drop zone and a polite message line inside
   * `container`. options: label (the input's label), size and crop (as for
   * read), onImage(result) for each image read, onError(message) for each file
   * refused; the caller's last result stays on error. Returns {input, zone,
   * message, read(file)}.
   */
  function attach(container, options) {
    const settings = options || {};
    attached += 1;
    const id = "fv-image-input-" + attached;
    const input = document.createElement("input");
    input.type = "file";
    input.id = id;
    input.accept = ACCEPT;
    input.className = "fv-image-file";
    input.setAttribute("aria-describedby", id + "-message");
    const label = document.createElement("label");
    label.htmlFor = id;
    label.className = "fv-image-label";
    label.textContent = settings.label || "Your own image";
    const zone = document.createElement("div");
    zone.className = "fv-image-drop";
    zone.append(label, input);
    const hint = document.createElement("span");
    hint.className = "fv-image-hint";
    hint.textContent = "or drop an image here (PNG, JPEG, GIF, WebP or BMP, up to " +
      MAX_PIXELS / 1e6 + "\u00a0MP); it stays in your browser.";
    zone.append(hint);
    const message = document.createElement("p");
    message.className = "fv-image-message";
    message.id = id + "-message";
    message.setAttribute("aria-live", "polite");
    const wrapper = document.createElement("div");
    wrapper.className = "fv-image-input";
    wrapper.append(zone, message);
    container.append(wrapper);

    let latest = 0;
    async function take(file) {
      latest += 1;
      const ticket = latest;
      message.classList.remove("fv-image-error");
      message.textContent = "Reading " + (file && file.name ? quoted(file.name) : "the file") + "\u2026";
      const result = await read(file, { size: settings.size, crop: settings.crop });
      if (ticket !== latest) {
        return result; // a newer file was chosen meanwhile
      }
      if (result.ok) {
        message.textContent = result.note || (quoted(result.name) + ": " + result.width + " \u00d7 " +
          result.height + " pixels, resized to " + (settings.size || 32) + " \u00d7 " +
          (settings.size || 32) + ".");
        if (typeof settings.onImage === "function") {
          settings.onImage(result);
        }
      } else {
        message.classList.add("fv-image-error");
        message.textContent = result.message;
        if (typeof settings.onError === "function") {
          settings.onError(result.message);
        }
      }
      return result;
    }

    input.addEventListener("change", function () {
      if (input.files && input.files.length > 0) {
        take(input.files[0]);
      }
    });
    for (const kind of ["dragenter", "dragover"]) {
      wrapper.addEventListener(kind, function (event) {
        event.preventDefault();
        zone.classList.add("fv-image-dragging");
      });
    }
    wrapper.addEventListener("dragleave", function (event) {
      if (!wrapper.contains(event.relatedTarget)) {
        zone.classList.remove("fv-image-dragging");
      }
    });
    wrapper.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("fv-image-dragging");
      const files = event.dataTransfer ? event.dataTransfer.files : null;
      if (files && files.length > 0) {
        take(files[0]);
      } else {
        latest += 1;
        message.classList.add("fv-image-error");
        message.textContent = "The drop held no file; expected an image file (PNG, JPEG, GIF, WebP or BMP).";
        if (typeof settings.onError === "function") {
          settings.onError(message.textContent);
        }
      }
    });
    return { input: input, zone: zone, message: message, read: take };
  }

  window.filterviz_image = Object.freeze({
    MAX_PIXELS: MAX_PIXELS,
    FORMATS: FORMATS,
    read: read,
    attach: attach,
    describe: describe,
    reduce: reduce,
    resize: resize,
  });
})();
