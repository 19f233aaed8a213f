/*
 * filterviz network explorer: the shipped CIFAR-10 network run in the browser,
 * layer by layer, as Keras runs it in inference mode.
 *
 * model.js (written by docs/_ext/explorer.py when the site is built) lists the
 * network's layers in order with their settings and weights; this file computes
 * each type it lists, in plain JavaScript on Float32Array (channels last, as
 * Keras stores them: an activation is [row][column][channel], a kernel
 * [kernel row][kernel column][input channel][filter]):
 *
 *   Conv2D       out[y][x][f] = act(b[f] + sum over i, j, c of
 *                                in[s*y + i - top][s*x + j - left][c] * w[i][j][c][f])
 *                (padding "same" or "valid"; outside the input counts as 0;
 *                 sums accumulated in double precision, stored as float32)
 *   BatchNormalization   (x - mean) / sqrt(variance + epsilon) * gamma + beta
 *   MaxPooling2D         the largest value of each pool window
 *   GlobalAveragePooling2D   the mean of each channel over the map
 *   Dense        act(b + x W), softmax with its largest input subtracted first
 *
 * The feature maps of depth d are the outputs of the d-th Conv2D layer, after
 * its ReLU: what filterviz.model.feature_maps returns. Every depth's maps share
 * one grey scale, from black at 0 to white at that depth's largest value for the
 * image shown, as filterviz.plot.feature_maps(..., scale="shared") draws them.
 * Weights and input windows are drawn with the diverging map, symmetric about 0.
 *
 * Tests and benchmarks read the numbers through window.filterviz_explorer.
 */
(function () {
  "use strict";

  const data = window.FILTERVIZ_EXPLORER_DATA;
  const root = document.getElementById("fv-explorer");
  if (!root) {
    return;
  }
  if (!data) {
    root.dataset.ready = "failed";
    root.textContent = "The explorer's data (model.js) did not load.";
    return;
  }

  const MINUS = "\u2212";
  const CHANNEL_NAMES = ["red", "green", "blue"];
  /** Display size of one feature map, in CSS pixels, by its side in map pixels. */
  const MAP_SIDE = { min: 36, max: 64 };

  // ----------------------------------------------------------------- helpers

  function element(tag, properties, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(properties || {})) {
      if (key === "className") {
        node.className = value;
      } else if (key === "text") {
        node.textContent = value;
      } else if (key.startsWith("on")) {
        node.addEventListener(key.slice(2), value);
      } else {
        node.setAttribute(key, value);
      }
    }
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  function bytesOf(base64) {
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let index = 0; index < text.length; index += 1) {
      bytes[index] = text.charCodeAt(index);
    }
    return bytes;
  }

  function product(shape) {
    return shape.reduce((a, b) => a * b, 1);
  }

  /** A number as the page prints it: `digits` decimals, a true minus sign. */
  function number(value, digits) {
    const text = value.toFixed(digits === undefined ? 3 : digits);
    return (text.startsWith("-") ? MINUS + text.slice(1) : text).replace(/^−(0\.0+)$/, "$1");
  }

  /** A value inside a formula: negative ones in brackets. */
  function term(value, digits) {
    const text = number(value, digits);
    return text.startsWith(MINUS) ? "(" + text + ")" : text;
  }

  // ------------------------------------------------------------ the weights

  const weightBytes = bytesOf(data.model.weights);
  /** `count` float32 values stored as byte planes, highest first, from byte `start`. */
  function floatPlanes(start, count) {
    const values = new Float32Array(count);
    const bits = new Uint32Array(values.buffer);
    for (let plane = 0; plane < 4; plane += 1) {
      const shift = 24 - 8 * plane;
      const from = start + plane * count;
      for (let index = 0; index < count; index += 1) {
        bits[index] |= weightBytes[from + index] << shift;
      }
    }
    return values;
  }

  /** An array in 20-bit fixed point: per-filter scales, then 8, 8 and 4 bits a value. */
  function fixedPoint(entry) {
    const count = product(entry.shape);
    const filters = entry.shape[entry.shape.length - 1];
    const scales = floatPlanes(entry.offset, filters);
    const high = entry.offset + 4 * filters;
    const middle = high + count;
    const low = middle + count;
    const values = new Float32Array(count);
    for (let index = 0; index < count; index += 1) {
      const nibbles = weightBytes[low + (index >> 1)];
      let integer =
        (weightBytes[high + index] << 12) |
        (weightBytes[middle + index] << 4) |
        (index % 2 === 0 ? nibbles >> 4 : nibbles & 15);
      if (integer >= 1 << 19) {
        integer -= 1 << 20; // two's complement
      }
      values[index] = integer * scales[index % filters];
    }
    return values;
  }

  const arrays = {};
  for (const entry of data.model.arrays) {
    // See explorer.encode_arrays.
    if (entry.encoding === "float32") {
      arrays[entry.name] = floatPlanes(entry.offset, product(entry.shape));
    } else if (entry.encoding === "fixed20") {
      arrays[entry.name] = fixedPoint(entry);
    } else {
      throw new Error(`model.js: array ${entry.name} has an unknown encoding ${entry.encoding}`);
    }
  }

  const tables = {
    diverging: bytesOf(data.colormaps.diverging.lut),
    sequential: bytesOf(data.colormaps.sequential.lut),
  };

  // ----------------------------------------------------------------- layers

  function activate(values, name) {
    if (name === "relu") {
      for (let index = 0; index < values.length; index += 1) {
        if (values[index] < 0) {
          values[index] = 0;
        }
      }
    }
  }

  function padding(size, kernel, stride, mode) {
    if (mode === "same") {
      const out = Math.ceil(size / stride);
      const total = Math.max((out - 1) * stride + kernel - size, 0);
      return { out: out, before: Math.floor(total / 2) };
    }
    return { out: Math.floor((size - kernel) / stride) + 1, before: 0 };
  }

  function conv2d(layer, input) {
    const [kh, kw, channels, filters] = layer.kernel;
    const weights = arrays[layer.name + "/kernel"];
    const bias = arrays[layer.name + "/bias"];
    const [sy, sx] = layer.strides;
    const rows = padding(input.height, kh, sy, layer.padding);
    const cols = padding(input.width, kw, sx, layer.padding);
    const out = new Float32Array(rows.out * cols.out * filters);
    const sums = new Float64Array(filters);
    const x = input.values;
    for (let y = 0; y < rows.out; y += 1) {
      for (let xo = 0; xo < cols.out; xo += 1) {
        sums.fill(0);
        for (let i = 0; i < kh; i += 1) {
          const iy = y * sy + i - rows.before;
          if (iy < 0 || iy >= input.height) {
            continue;
          }
          for (let j = 0; j < kw; j += 1) {
            const ix = xo * sx + j - cols.before;
            if (ix < 0 || ix >= input.width) {
              continue;
            }
            const from = (iy * input.width + ix) * channels;
            const tap = (i * kw + j) * channels * filters;
            for (let c = 0; c < channels; c += 1) {
              const value = x[from + c];
              if (value === 0) {
                continue; // ReLU zeros: nothing to add
              }
              const row = tap + c * filters;
              for (let f = 0; f < filters; f += 1) {
                sums[f] += value * weights[row + f];
              }
            }
          }
        }
        const to = (y * cols.out + xo) * filters;
        for (let f = 0; f < filters; f += 1) {
          out[to + f] = sums[f] + bias[f];
        }
      }
    }
    activate(out, layer.activation);
    return { height: rows.out, width: cols.out, channels: filters, values: out };
  }

  function batchNormalization(layer, input) {
    const channels = input.channels;
    const gamma = arrays[layer.name + "/gamma"];
    const beta = arrays[layer.name + "/beta"];
    const mean = arrays[layer.name + "/mean"];
    const variance = arrays[layer.name + "/variance"];
    const scale = new Float64Array(channels);
    const shift = new Float64Array(channels);
    for (let c = 0; c < channels; c += 1) {
      scale[c] = gamma[c] / Math.sqrt(variance[c] + layer.epsilon);
      shift[c] = beta[c] - mean[c] * scale[c];
    }
    const out = new Float32Array(input.values.length);
    for (let index = 0; index < out.length; index += channels) {
      for (let c = 0; c < channels; c += 1) {
        out[index + c] = input.values[index + c] * scale[c] + shift[c];
      }
    }
    return { height: input.height, width: input.width, channels: channels, values: out };
  }

  function maxPooling(layer, input) {
    const [ph, pw] = layer.pool;
    const [sy, sx] = layer.strides;
    const rows = padding(input.height, ph, sy, layer.padding);
    const cols = padding(input.width, pw, sx, layer.padding);
    const channels = input.channels;
    const out = new Float32Array(rows.out * cols.out * channels).fill(-Infinity);
    for (let y = 0; y < rows.out; y += 1) {
      for (let x = 0; x < cols.out; x += 1) {
        const to = (y * cols.out + x) * channels;
        for (let i = 0; i < ph; i += 1) {
          const iy = y * sy + i - rows.before;
          if (iy < 0 || iy >= input.height) {
            continue;
          }
          for (let j = 0; j < pw; j += 1) {
            const ix = x * sx + j - cols.before;
            if (ix < 0 || ix >= input.width) {
              continue;
            }
            const from = (iy * input.width + ix) * channels;
            for (let c = 0; c < channels; c += 1) {
              if (input.values[from + c] > out[to + c]) {
                out[to + c] = input.values[from + c];
              }
            }
          }
        }
      }
    }
    return { height: rows.out, width: cols.out, channels: channels, values: out };
  }

  function globalAveragePooling(layer, input) {
    const channels = input.channels;
    const sums = new Float64Array(channels);
    for (let index = 0; index < input.values.length; index += channels) {
      for (let c = 0; c < channels; c += 1) {
        sums[c] += input.values[index + c];
      }
    }
    const out = new Float32Array(channels);
    for (let c = 0; c < channels; c += 1) {
      out[c] = sums[c] / (input.height * input.width);
    }
    return { height: 1, width: 1, channels: channels, values: out };
  }

  function dense(layer, input) {
    const weights = arrays[layer.name + "/kernel"];
    const bias = arrays[layer.name + "/bias"];
    const inputs = input.values.length;
    const units = bias.length;
    const sums = new Float64Array(units);
    for (let i = 0; i < inputs; i += 1) {
      const value = input.values[i];
      for (let u = 0; u < units; u += 1) {
        sums[u] += value * weights[i * units + u];
      }
    }
    for (let u = 0; u < units; u += 1) {
      sums[u] += bias[u];
    }
    if (layer.activation === "softmax") {
      const largest = Math.max(...sums);
      let total = 0;
      for (let u = 0; u < units; u += 1) {
        sums[u] = Math.exp(sums[u] - largest);
        total += sums[u];
      }
      for (let u = 0; u < units; u += 1) {
        sums[u] /= total;
      }
    }
    const out = Float32Array.from(sums);
    activate(out, layer.activation);
    return { height: 1, width: 1, channels: units, values: out };
  }

  const COMPUTE = {
    Conv2D: conv2d,
    BatchNormalization: batchNormalization,
    MaxPooling2D: maxPooling,
    GlobalAveragePooling2D: globalAveragePooling,
    Dense: dense,
  };

  const layers = data.model.layers;
  const inputShape = layers[0].outputShape;
  const convolutions = layers
    .map((layer, position) => ({ layer: layer, position: position }))
    .filter((entry) => entry.layer.type === "Conv2D");

  /** Run every layer on `pixels` (Float32Array, [row][column][channel]); return all outputs. */
  function forward(pixels) {
    let current = {
      height: inputShape[0],
      width: inputShape[1],
      channels: inputShape[2],
      values: pixels,
    };
    const outputs = [current];
    for (let position = 1; position < layers.length; position += 1) {
      current = COMPUTE[layers[position].type](layers[position], current);
      outputs.push(current);
    }
    return outputs;
  }

  // ---------------------------------------------------------------- samples

  const samples = data.samples;
  const samplePixels = bytesOf(samples.pixels);
  const sampleSize = samples.height * samples.width * 3;

  function sampleImage(index) {
    const image = new Float32Array(sampleSize);
    for (let k = 0; k < sampleSize; k += 1) {
      image[k] = samplePixels[index * sampleSize + k] / 255;
    }
    return image;
  }

  // --------------------------------------------------------------- drawing

  function colour(table, position) {
    const index = Math.max(0, Math.min(255, Math.floor(position * 256))) * 3;
    return [table[index], table[index + 1], table[index + 2]];
  }

  /** Draw one channel of a [row][column][channel] array into `canvas` on the grey scale. */
  /** The canvas's 2D context and an ImageData of its size, kept between redraws. */
  function surface(canvas, width, height) {
    if (canvas.width !== width || canvas.height !== height || !canvas.fvSurface) {
      canvas.width = width; // resizing clears the canvas: only when the size changes
      canvas.height = height;
      const context = canvas.getContext("2d");
      canvas.fvSurface = { context: context, image: context.createImageData(width, height) };
    }
    return canvas.fvSurface;
  }

  function drawMap(canvas, output, channel, high) {
    const { height, width, channels, values } = output;
    const { context, image } = surface(canvas, width, height);
    const pixels = image.data;
    const table = tables.sequential;
    const scale = high > 0 ? 256 / high : 256;
    for (let pixel = 0; pixel < height * width; pixel += 1) {
      // Matplotlib's lookup: the index is floor(256 * value / high), at most 255.
      const at = 3 * Math.max(0, Math.min(255, Math.floor(values[pixel * channels + channel] * scale)));
      pixels[4 * pixel] = table[at];
      pixels[4 * pixel + 1] = table[at + 1];
      pixels[4 * pixel + 2] = table[at + 2];
      pixels[4 * pixel + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }

  /** Draw a grid of values (row-major, `height` × `width`) on the diverging scale ±limit. */
  function drawSigned(canvas, values, height, width, limit) {
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d");
    const image = context.createImageData(width, height);
    const scale = limit > 0 ? 1 / limit : 1;
    for (let pixel = 0; pixel < height * width; pixel += 1) {
      const [r, g, b] = colour(tables.diverging, 0.5 + 0.5 * values[pixel] * scale);
      image.data.set([r, g, b, 255], 4 * pixel);
    }
    context.putImageData(image, 0, 0);
  }

  /** Draw RGB values in [0, 1] ([row][column][3]). */
  function drawRGB(canvas, values, height, width) {
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d");
    const image = context.createImageData(width, height);
    for (let pixel = 0; pixel < height * width; pixel += 1) {
      for (let c = 0; c < 3; c += 1) {
        image.data[4 * pixel + c] = Math.round(255 * Math.max(0, Math.min(1, values[3 * pixel + c])));
      }
      image.data[4 * pixel + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }

  function colourBar(table, label) {
    const canvas = element("canvas", { className: "fv-x-bar", "aria-hidden": "true" });
    canvas.width = 256;
    canvas.height = 1;
    const context = canvas.getContext("2d");
    const image = context.createImageData(256, 1);
    for (let k = 0; k < 256; k += 1) {
      image.data.set([table[3 * k], table[3 * k + 1], table[3 * k + 2], 255], 4 * k);
    }
    context.putImageData(image, 0, 0);
    canvas.title = label;
    return canvas;
  }

  // ------------------------------------------------------------------ state

  const state = {
    index: 0, // the sample shown, or -1 for an own image
    pixels: null,
    outputs: null,
    own: null,
    selected: null, // {depth, filter, row, col}
    forwardMs: 0,
    drawMs: 0,
    runs: 0,
    refused: 0, // own files the image module refused
  };
  const view = {};

  function depthOutput(depth) {
    return state.outputs[convolutions[depth - 1].position];
  }

  function depthInput(depth) {
    return state.outputs[convolutions[depth - 1].position - 1];
  }

  function largest(values) {
    let high = 0;
    for (let k = 0; k < values.length; k += 1) {
      if (values[k] > high) {
        high = values[k];
      }
    }
    return high;
  }

  /** What one output pixel of a depth is made of: window, weights, sums, bias, ReLU. */
  function arithmetic(depth, filter, row, col) {
    const layer = convolutions[depth - 1].layer;
    const input = depthInput(depth);
    const [kh, kw, channels, filters] = layer.kernel;
    const weights = arrays[layer.name + "/kernel"];
    const bias = arrays[layer.name + "/bias"][filter];
    const [sy, sx] = layer.strides;
    const top = padding(input.height, kh, sy, layer.padding).before;
    const left = padding(input.width, kw, sx, layer.padding).before;
    const window = new Float32Array(kh * kw * channels);
    const kernel = new Float32Array(kh * kw * channels);
    const partials = new Float64Array(channels);
    const inside = [];
    for (let i = 0; i < kh; i += 1) {
      for (let j = 0; j < kw; j += 1) {
        const iy = row * sy + i - top;
        const ix = col * sx + j - left;
        const within = iy >= 0 && iy < input.height && ix >= 0 && ix < input.width;
        inside.push(within);
        for (let c = 0; c < channels; c += 1) {
          const at = (i * kw + j) * channels + c;
          window[at] = within ? input.values[(iy * input.width + ix) * channels + c] : 0;
          kernel[at] = weights[at * filters + filter];
          partials[c] += window[at] * kernel[at];
        }
      }
    }
    let sum = 0;
    for (let c = 0; c < channels; c += 1) {
      sum += partials[c];
    }
    const total = sum + bias;
    const output = layer.activation === "relu" ? Math.max(0, total) : total;
    const map = depthOutput(depth);
    return {
      depth: depth,
      filter: filter,
      row: row,
      col: col,
      kernelShape: [kh, kw, channels],
      window: window,
      weights: kernel,
      inside: inside,
      top: row * sy - top,
      left: col * sx - left,
      partials: partials,
      sum: sum,
      bias: bias,
      total: total,
      activation: layer.activation,
      output: output,
      mapValue: map.values[(row * map.width + col) * map.channels + filter],
    };
  }

  // ------------------------------------------------------------ the layout

  function describeLayer(layer) {
    const [kh, kw, channels, filters] = layer.kernel;
    const [height, width] = layer.outputShape;
    return (
      `${layer.name}: ${filters} filters of ${kh}×${kw}×${channels}, ` +
      `stride ${layer.strides.join("×")}, padding "${layer.padding}", ${layer.activation}; ` +
      `each map ${height}×${width}`
    );
  }

  /** What happens between a depth's maps and the next depth: the layers in between. */
  function afterDepth(depth) {
    const start = convolutions[depth - 1].position + 1;
    const end = depth < convolutions.length ? convolutions[depth].position : layers.length;
    const steps = [];
    for (let position = start; position < end; position += 1) {
      const layer = layers[position];
      const shape = layer.outputShape.join("×");
      if (layer.type === "BatchNormalization") {
        steps.push(`${layer.name} normalises each channel (${shape})`);
      } else if (layer.type === "MaxPooling2D") {
        steps.push(
          `${layer.name} keeps the largest of each ${layer.pool.join("×")} block: ${shape}`
        );
      } else if (layer.type === "GlobalAveragePooling2D") {
        steps.push(`${layer.name} averages each map to one number: ${shape}`);
      } else if (layer.type === "Dense") {
        steps.push(`${layer.name} weighs those ${layers[position - 1].outputShape.join("×")} ` +
          `numbers into ${layer.outputShape[0]} class scores (${layer.activation})`);
      }
    }
    return steps.length ? "Then " + steps.join("; ") + "." : "";
  }

  function buildImageChooser() {
    const select = element("select", { id: "fv-x-image", className: "form-select" });
    let group = null;
    samples.images.forEach((image, index) => {
      if (!group || group.label !== image.title) {
        group = element("optgroup", { label: image.title });
        select.append(group);
      }
      group.append(
        element("option", {
          value: String(index),
          text: `${image.title} ${image.index + 1}: ${image.label}`,
        })
      );
    });
    select.append(
      element("option", { value: "own", disabled: "", text: "your own image (below)" })
    );
    select.addEventListener("change", () => {
      if (select.value !== "own") {
        run(Number(select.value));
      }
    });
    view.select = select;
    return element("div", { className: "fv-x-field" }, [
      element("label", { for: "fv-x-image", text: "Sample image" }),
      select,
    ]);
  }

  function buildInputPanel() {
    view.inputCanvas = element("canvas", {
      className: "fv-x-input",
      role: "img",
      "aria-label": "The 32×32 input image",
    });
    view.inputCaption = element("p", { className: "fv-x-caption", id: "fv-x-input-caption" });
    view.ownSlot = element("div", { className: "fv-x-own", id: "fv-x-own" });
    view.ownPreview = element("div", { className: "fv-x-own-preview", hidden: "" });
    view.timing = element("p", { className: "fv-x-timing", id: "fv-x-timing" });
    return element("div", { className: "fv-x-source" }, [
      element("div", { className: "fv-x-choose" }, [buildImageChooser(), view.ownSlot]),
      element("figure", { className: "fv-x-input-figure" }, [view.inputCanvas, view.inputCaption]),
      view.ownPreview,
      view.timing,
    ]);
  }

  function buildPredictions() {
    view.predictions = element("ol", { className: "fv-x-classes", id: "fv-x-classes" });
    view.verdict = element("p", { className: "fv-x-verdict", id: "fv-x-verdict" });
    return element("section", { className: "fv-x-predictions", "aria-labelledby": "fv-x-p-title" }, [
      element("h3", { id: "fv-x-p-title", text: "What the network says" }),
      view.verdict,
      view.predictions,
    ]);
  }

  function focusMap(depth, filter) {
    const buttons = view.depths[depth - 1].buttons;
    buttons.forEach((button, index) => {
      button.tabIndex = index === filter ? 0 : -1;
    });
    buttons[filter].focus();
  }

  function buildDepth(entry, depth) {
    const layer = entry.layer;
    const filters = layer.kernel[3];
    const [height, width] = layer.outputShape;
    const side = Math.max(MAP_SIDE.min, Math.min(MAP_SIDE.max, 2 * width));
    const title = element("h3", { id: `fv-x-depth-${depth}-title`, text: `Depth ${depth}` });
    const about = element("p", { className: "fv-x-about", text: describeLayer(layer) + ". " + afterDepth(depth) });
    const high = element("span", { className: "fv-x-high" });
    const scale = element("div", { className: "fv-x-scale" }, [
      element("span", { text: "0" }),
      colourBar(tables.sequential, "grey scale"),
      high,
    ]);
    const scaleText = element("p", { className: "fv-x-scale-text" });
    const grid = element("div", {
      className: "fv-x-grid",
      role: "group",
      "aria-label": `The ${filters} feature maps of depth ${depth}; arrow keys move between them, ` +
        "Enter or Space shows how one was computed",
    });
    grid.style.setProperty("--fv-map", side + "px");
    const buttons = [];
    const canvases = [];
    for (let filter = 0; filter < filters; filter += 1) {
      const canvas = element("canvas", { width: String(width), height: String(height) });
      const button = element(
        "button",
        {
          type: "button",
          className: "fv-x-map",
          "aria-label": `Depth ${depth}, filter ${filter + 1}`,
          "aria-pressed": "false",
          tabindex: filter === 0 ? "0" : "-1",
          "data-filter": String(filter),
        },
        [canvas]
      );
      button.addEventListener("click", () => select(depth, filter));
      buttons.push(button);
      canvases.push(canvas);
      grid.append(button);
    }
    grid.addEventListener("keydown", (event) => {
      const current = buttons.indexOf(document.activeElement);
      if (current < 0) {
        return;
      }
      const perRow = Math.max(1, Math.round(grid.clientWidth / (buttons[0].offsetWidth + 4)));
      const moves = {
        ArrowRight: 1,
        ArrowLeft: -1,
        ArrowDown: perRow,
        ArrowUp: -perRow,
        Home: -current,
        End: filters - 1 - current,
      };
      if (!(event.key in moves)) {
        return;
      }
      event.preventDefault();
      focusMap(depth, Math.max(0, Math.min(filters - 1, current + moves[event.key])));
    });
    const detailSlot = element("div", { className: "fv-x-detail-slot" });
    const section = element(
      "section",
      { className: "fv-x-depth", id: `fv-x-depth-${depth}`, "aria-labelledby": title.id },
      [title, about, scale, scaleText, grid, detailSlot]
    );
    view.depths.push({
      section: section,
      high: high,
      scaleText: scaleText,
      grid: grid,
      buttons: buttons,
      canvases: canvases,
      detailSlot: detailSlot,
    });
    return section;
  }

  function buildDetail() {
    const detail = element("div", { className: "fv-x-detail", id: "fv-x-detail", hidden: "" });
    view.detailTitle = element("h4", { id: "fv-x-detail-title", tabindex: "-1" });
    view.galleryLink = element("a", { className: "fv-x-gallery" });
    view.weights = element("div", { className: "fv-x-weights" });
    view.pixelCanvas = element("canvas", {
      className: "fv-x-pixel-map",
      tabindex: "0",
      role: "img",
      id: "fv-x-pixel-map",
    });
    view.pixelCanvas.addEventListener("click", (event) => {
      const box = view.pixelCanvas.getBoundingClientRect();
      const map = depthOutput(state.selected.depth);
      const col = Math.floor(((event.clientX - box.left) / box.width) * map.width);
      const row = Math.floor(((event.clientY - box.top) / box.height) * map.height);
      choosePixel(row, col);
    });
    view.pixelCanvas.addEventListener("keydown", (event) => {
      const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      if (!(event.key in moves)) {
        return;
      }
      event.preventDefault();
      const [dr, dc] = moves[event.key];
      choosePixel(state.selected.row + dr, state.selected.col + dc);
    });
    view.rowField = element("input", { type: "number", id: "fv-x-row", min: "1", step: "1" });
    view.colField = element("input", { type: "number", id: "fv-x-col", min: "1", step: "1" });
    for (const field of [view.rowField, view.colField]) {
      field.addEventListener("change", () => {
        const row = Number(view.rowField.value) - 1;
        const col = Number(view.colField.value) - 1;
        if (Number.isInteger(row) && Number.isInteger(col)) {
          choosePixel(row, col);
        }
      });
    }
    view.pixelHelp = element("p", { className: "fv-x-caption", id: "fv-x-pixel-help" });
    view.window = element("div", { className: "fv-x-window" });
    view.sums = element("div", { className: "fv-x-sums", id: "fv-x-sums", "aria-live": "polite" });
    const pixelPart = element("div", { className: "fv-x-part" }, [
      element("h5", { text: "Choose an output pixel" }),
      view.pixelCanvas,
      element("div", { className: "fv-x-pixel-fields" }, [
        element("label", { for: "fv-x-row", text: "Row" }),
        view.rowField,
        element("label", { for: "fv-x-col", text: "Column" }),
        view.colField,
      ]),
      view.pixelHelp,
    ]);
    detail.append(
      element("div", { className: "fv-x-detail-head" }, [view.detailTitle, view.galleryLink]),
      element("div", { className: "fv-x-parts" }, [
        element("div", { className: "fv-x-part" }, [
          element("h5", { text: "The filter's weights" }),
          view.weights,
        ]),
        pixelPart,
        element("div", { className: "fv-x-part" }, [
          element("h5", { text: "The input window" }),
          view.window,
        ]),
      ]),
      element("h5", { text: "The arithmetic of this pixel" }),
      view.sums
    );
    view.detail = detail;
    return detail;
  }

  function build() {
    root.textContent = "";
    view.depths = [];
    root.append(buildInputPanel(), buildPredictions());
    view.depthsBox = element("div", { className: "fv-x-depths" });
    convolutions.forEach((entry, k) => view.depthsBox.append(buildDepth(entry, k + 1)));
    root.append(view.depthsBox);
    buildDetail();
  }

  // ------------------------------------------------------------- showing

  function showInput() {
    const [height, width] = inputShape;
    drawRGB(view.inputCanvas, state.pixels, height, width);
    if (state.index >= 0) {
      const image = samples.images[state.index];
      view.inputCaption.textContent =
        `${image.title} sample ${image.index + 1}, labelled “${image.label}”, ` +
        `${height}×${width} pixels`;
      view.inputCanvas.setAttribute(
        "aria-label",
        `The input: ${image.title} sample ${image.index + 1}, ${image.label}`
      );
    } else {
      view.inputCaption.textContent =
        `Your image “${state.own.name}” (${state.own.width}×${state.own.height} pixels), ` +
        `brought to ${height}×${width}` + (state.own.note ? `; ${state.own.note}` : "");
      view.inputCanvas.setAttribute("aria-label", `The input: your image ${state.own.name}`);
    }
  }

  function showPredictions() {
    const probabilities = state.outputs[state.outputs.length - 1].values;
    const names = data.model.classNames;
    const order = Array.from(probabilities.keys()).sort((a, b) => probabilities[b] - probabilities[a]);
    view.predictions.textContent = "";
    for (const k of order) {
      const percent = 100 * probabilities[k];
      const bar = element("span", { className: "fv-x-bar-fill" });
      bar.style.width = Math.max(0.5, percent).toFixed(2) + "%";
      view.predictions.append(
        element("li", { "data-class": String(k) }, [
          element("span", { className: "fv-x-class", text: names[k] }),
          element("span", { className: "fv-x-bar-track", "aria-hidden": "true" }, [bar]),
          element("span", { className: "fv-x-percent", text: percent.toFixed(1) + "\u00a0%" }),
        ])
      );
    }
    const top = order[0];
    const image = state.index >= 0 ? samples.images[state.index] : null;
    let verdict = `Most likely: ${names[top]}, ${(100 * probabilities[top]).toFixed(1)}\u00a0%.`;
    if (image && image.dataset === "cifar10") {
      verdict += image.label === names[top] ? " That is its label." : ` Its label is ${image.label}.`;
    } else if (image) {
      verdict += ` This ${image.title} image (${image.label}) is none of the ten CIFAR-10 ` +
        "classes, so the probabilities only say which class it resembles most.";
    }
    view.verdict.textContent = verdict;
  }

  function showMaps() {
    convolutions.forEach((entry, k) => {
      const depth = k + 1;
      const output = depthOutput(depth);
      const high = largest(output.values);
      const parts = view.depths[k];
      parts.high.textContent = number(high, 2);
      parts.scaleText.textContent =
        `Black is 0 (the ReLU made every negative sum 0), white is ${number(high, 2)}, the ` +
        `largest output of depth ${depth} for this image; all ${output.channels} maps share ` +
        "this scale, so a brighter map responded more strongly.";
      for (let filter = 0; filter < output.channels; filter += 1) {
        drawMap(parts.canvases[filter], output, filter, high);
      }
    });
  }

  function weightTiles(values, shape, limit, labelFor) {
    const [kh, kw, channels] = shape;
    const box = element("div", { className: "fv-x-tiles" });
    for (let c = 0; c < channels; c += 1) {
      const tile = new Float32Array(kh * kw);
      for (let p = 0; p < kh * kw; p += 1) {
        tile[p] = values[p * channels + c];
      }
      const canvas = element("canvas", { title: labelFor(c) });
      drawSigned(canvas, tile, kh, kw, limit);
      box.append(canvas);
    }
    return box;
  }

  function signedScale(limit, what) {
    return element("div", { className: "fv-x-scale" }, [
      element("span", { text: MINUS + number(limit, 2) }),
      colourBar(tables.diverging, what),
      element("span", { text: number(limit, 2) }),
    ]);
  }

  function maxAbs(values) {
    let high = 0;
    for (const value of values) {
      high = Math.max(high, Math.abs(value));
    }
    return high;
  }

  function numberGrid(values, shape, channel, caption) {
    const [kh, kw, channels] = shape;
    const table = element("table", { className: "fv-x-numbers" });
    table.append(element("caption", { text: caption }));
    const body = element("tbody");
    for (let i = 0; i < kh; i += 1) {
      const row = element("tr", {}, [
        element("th", { scope: "row" }, [
          element("span", { className: "fv-sr-only", text: "row " }),
          String(i + 1),
        ]),
      ]);
      for (let j = 0; j < kw; j += 1) {
        row.append(element("td", { text: number(values[(i * kw + j) * channels + channel], 2) }));
      }
      body.append(row);
    }
    table.append(body);
    return table;
  }

  function showWeights(result) {
    const [kh, kw, channels] = result.kernelShape;
    const limit = maxAbs(result.weights) || 1;
    view.weights.textContent = "";
    if (channels === 3) {
      const rgb = new Float32Array(kh * kw * 3);
      for (let k = 0; k < rgb.length; k += 1) {
        rgb[k] = 0.5 + (0.5 * result.weights[k]) / limit;
      }
      const canvas = element("canvas", {
        className: "fv-x-rgb",
        role: "img",
        "aria-label": "The weights as one colour image",
      });
      drawRGB(canvas, rgb, kh, kw);
      view.weights.append(
        element("figure", {}, [
          canvas,
          element("figcaption", {
            text: `As colours: grey is 0 in every channel; ${MINUS}${number(limit, 2)} to ` +
              `${number(limit, 2)} spans 0 to full red, green or blue.`,
          }),
        ])
      );
      const per = element("div", { className: "fv-x-channels" });
      for (let c = 0; c < 3; c += 1) {
        const canvas = element("canvas", { className: "fv-x-channel" });
        const tile = new Float32Array(kh * kw);
        for (let p = 0; p < kh * kw; p += 1) {
          tile[p] = result.weights[p * 3 + c];
        }
        drawSigned(canvas, tile, kh, kw, limit);
        per.append(
          element("figure", {}, [canvas, numberGrid(result.weights, result.kernelShape, c, CHANNEL_NAMES[c])])
        );
      }
      view.weights.append(per);
    } else {
      view.weights.append(
        element("p", {
          className: "fv-x-caption",
          text: `${channels} tiles of ${kh}×${kw}, one per input channel (the maps of depth ` +
            `${result.depth - 1} after normalisation and pooling), left to right, top to bottom.`,
        }),
        weightTiles(result.weights, result.kernelShape, limit, (c) => `input channel ${c + 1}`)
      );
    }
    view.weights.append(signedScale(limit, "weights: blue negative, white 0, red positive"));
  }

  function showWindow(result) {
    const [kh, kw, channels] = result.kernelShape;
    view.window.textContent = "";
    const where =
      `Rows ${result.top + 1} to ${result.top + kh}, columns ${result.left + 1} to ` +
      `${result.left + kw} of the ${depthInput(result.depth).height}×` +
      `${depthInput(result.depth).width} input` +
      (result.inside.every(Boolean)
        ? "."
        : "; row or column 0, or one past the last, lies outside the edge and counts as 0 " +
          "(padding \"same\").");
    view.window.append(element("p", { className: "fv-x-caption", text: where }));
    if (channels === 3) {
      const canvas = element("canvas", { className: "fv-x-rgb", role: "img", "aria-label": "The window's pixels" });
      drawRGB(canvas, result.window, kh, kw);
      view.window.append(canvas);
      const per = element("div", { className: "fv-x-channels" });
      for (let c = 0; c < 3; c += 1) {
        per.append(numberGrid(result.window, result.kernelShape, c, CHANNEL_NAMES[c]));
      }
      view.window.append(per);
    } else {
      const limit = maxAbs(result.window) || 1;
      view.window.append(
        weightTiles(result.window, result.kernelShape, limit, (c) => `input channel ${c + 1}`),
        signedScale(limit, "input values: blue negative, white 0, red positive")
      );
    }
  }

  function showSums(result) {
    const [kh, kw, channels] = result.kernelShape;
    view.sums.textContent = "";
    const formula = element("p", {
      className: "fv-x-formula",
      text: `output = ReLU( sum over the ${kh}×${kw} window and the ${channels} input channels ` +
        "of input × weight, plus the bias )",
    });
    view.sums.append(formula);
    if (channels <= 3) {
      const list = element("ul", { className: "fv-x-terms" });
      for (let c = 0; c < channels; c += 1) {
        const terms = [];
        for (let p = 0; p < kh * kw; p += 1) {
          const at = p * channels + c;
          terms.push(`${term(result.window[at], 2)}×${term(result.weights[at], 2)}`);
        }
        list.append(
          element("li", {
            text: `${CHANNEL_NAMES[c]}: ${terms.join(" + ")} = ${number(result.partials[c], 4)}`,
          })
        );
      }
      view.sums.append(list);
      view.sums.append(
        element("p", {
          className: "fv-x-caption",
          text: "The terms are printed to 2 decimals; every sum uses all their digits.",
        })
      );
    } else {
      const table = element("table", { className: "fv-x-partials" });
      table.append(
        element("caption", {
          text: `The ${channels} partial sums, one per input channel (channel: sum)`,
        })
      );
      const body = element("tbody");
      const perRow = 8;
      for (let start = 0; start < channels; start += perRow) {
        const last = Math.min(channels, start + perRow);
        const row = element("tr", {}, [
          element("th", { scope: "row", text: `${start + 1}–${last}` }),
        ]);
        for (let c = start; c < last; c += 1) {
          row.append(element("td", { text: `${c + 1}: ${number(result.partials[c], 3)}` }));
        }
        body.append(row);
      }
      table.append(body);
      view.sums.append(element("div", { className: "fv-x-scroll", tabindex: "0", role: "region", "aria-label": "Partial sums" }, [table]));
    }
    const relu = result.activation === "relu";
    const steps = [
      `sum over the ${channels} channels: ${channels <= 3
        ? Array.from(result.partials, (v) => term(v, 4)).join(" + ") + " = " : ""}${number(result.sum, 4)}`,
      `plus the bias ${term(result.bias, 4)}: ${number(result.total, 4)}`,
      relu
        ? `ReLU: max(0, ${number(result.total, 4)}) = ${number(result.output, 4)}`
        : `no activation: ${number(result.output, 4)}`,
      `the map shows ${number(result.mapValue, 4)} at row ${result.row + 1}, column ${result.col + 1}`,
    ];
    const list = element("ol", { className: "fv-x-steps", id: "fv-x-steps" });
    for (const step of steps) {
      list.append(element("li", { text: step }));
    }
    view.sums.append(list);
  }

  function drawPixelMap() {
    const { depth, filter, row, col } = state.selected;
    const output = depthOutput(depth);
    const high = largest(output.values);
    drawMap(view.pixelCanvas, output, filter, high);
    const context = view.pixelCanvas.getContext("2d");
    // Mark the chosen pixel: blue on a bright pixel, orange on a dark one.
    const pixel = context.getImageData(col, row, 1, 1);
    const value = pixel.data[0] > 127 ? [0, 90, 255] : [255, 190, 0];
    pixel.data.set([...value, 255]);
    context.putImageData(pixel, col, row);
  }

  function choosePixel(row, col) {
    const output = depthOutput(state.selected.depth);
    state.selected.row = Math.max(0, Math.min(output.height - 1, row));
    state.selected.col = Math.max(0, Math.min(output.width - 1, col));
    showDetail();
  }

  function showDetail() {
    if (!state.selected) {
      return;
    }
    const { depth, filter, row, col } = state.selected;
    const layer = convolutions[depth - 1].layer;
    const output = depthOutput(depth);
    const result = arithmetic(depth, filter, row, col);
    view.detailTitle.textContent = `Depth ${depth}, filter ${filter + 1} of ${output.channels}`;
    if (layer.galleryPage) {
      view.galleryLink.href = layer.galleryPage;
      view.galleryLink.textContent = `Depth ${depth} in the gallery`;
      view.galleryLink.hidden = false;
    } else {
      view.galleryLink.hidden = true;
    }
    showWeights(result);
    drawPixelMap();
    view.pixelCanvas.setAttribute(
      "aria-label",
      `Feature map ${filter + 1} of depth ${depth}, ${output.height}×${output.width}; the chosen ` +
        `pixel is row ${row + 1}, column ${col + 1}; arrow keys move it`
    );
    view.rowField.max = String(output.height);
    view.colField.max = String(output.width);
    view.rowField.value = String(row + 1);
    view.colField.value = String(col + 1);
    view.pixelHelp.textContent =
      `Row ${row + 1}, column ${col + 1}: ${number(result.mapValue, 4)} (marked). Click a pixel, ` +
      "or focus the map and use the arrow keys.";
    showWindow(result);
    showSums(result);
  }

  function select(depth, filter, row, col) {
    const output = depthOutput(depth);
    if (row === undefined) {
      // Start at the map's strongest pixel, where there is the most to see.
      let best = 0;
      for (let pixel = 0; pixel < output.height * output.width; pixel += 1) {
        if (output.values[pixel * output.channels + filter] >
            output.values[best * output.channels + filter]) {
          best = pixel;
        }
      }
      row = Math.floor(best / output.width);
      col = best % output.width;
    }
    for (const parts of view.depths) {
      for (const button of parts.buttons) {
        button.setAttribute("aria-pressed", "false");
      }
    }
    const parts = view.depths[depth - 1];
    parts.buttons[filter].setAttribute("aria-pressed", "true");
    parts.buttons.forEach((button, index) => {
      button.tabIndex = index === filter ? 0 : -1;
    });
    parts.detailSlot.append(view.detail);
    view.detail.hidden = false;
    state.selected = { depth: depth, filter: filter, row: row, col: col };
    showDetail();
    return arithmetic(depth, filter, state.selected.row, state.selected.col);
  }

  /** Compute and draw everything for `pixels`; return the times taken. */
  function show(pixels) {
    const start = performance.now();
    state.pixels = pixels;
    state.outputs = forward(pixels);
    const computed = performance.now();
    showInput();
    showPredictions();
    showMaps();
    if (state.selected) {
      choosePixel(state.selected.row, state.selected.col);
    }
    const drawn = performance.now();
    state.forwardMs = computed - start;
    state.drawMs = drawn - computed;
    state.runs += 1;
    view.timing.textContent =
      `Computed in your browser: all ${layers.length - 1} layers in ${state.forwardMs.toFixed(1)} ` +
      `ms, drawn in ${state.drawMs.toFixed(1)} ms.`;
    return { forwardMs: state.forwardMs, drawMs: state.drawMs, totalMs: drawn - start };
  }

  function run(index) {
    if (!Number.isInteger(index) || index < 0 || index >= samples.count) {
      throw new RangeError(`run: index must be an integer from 0 to ${samples.count - 1}; got ${index}`);
    }
    state.index = index;
    view.ownPreview.hidden = true;
    view.select.value = String(index);
    return show(sampleImage(index));
  }

  function runOwn(result) {
    state.own = result;
    state.index = -1;
    view.select.value = "own";
    return show(Float32Array.from(result.pixels));
  }

  // -------------------------------------------------------------- the API

  function shapeOf(output) {
    return [output.height, output.width, output.channels];
  }

  window.filterviz_explorer = {
    get count() {
      return samples.count;
    },
    samples: () => samples.images.map((image) => Object.assign({}, image)),
    depths: () => convolutions.length,
    run: run,
    runOwn: runOwn,
    image: () => Array.from(state.pixels),
    current: () => state.index,
    maps: (depth) => Array.from(depthOutput(depth).values),
    mapShape: (depth) => shapeOf(depthOutput(depth)),
    layerOutput: (position) => Array.from(state.outputs[position].values),
    probabilities: () => Array.from(state.outputs[state.outputs.length - 1].values),
    arithmetic: (depth, filter, row, col) => {
      const result = arithmetic(depth, filter, row, col);
      return Object.assign({}, result, {
        window: Array.from(result.window),
        weights: Array.from(result.weights),
        partials: Array.from(result.partials),
      });
    },
    select: (depth, filter, row, col) => {
      select(depth, filter, row, col);
      return Object.assign({}, state.selected);
    },
    selected: () => (state.selected ? Object.assign({}, state.selected) : null),
    /** Time `runs` forward passes of the image shown (no drawing); milliseconds each. */
    timeForward: (runs) => {
      const times = [];
      for (let k = 0; k < runs; k += 1) {
        const start = performance.now();
        forward(state.pixels);
        times.push(performance.now() - start);
      }
      return times;
    },
    lastTimes: () => ({ forwardMs: state.forwardMs, drawMs: state.drawMs, runs: state.runs }),
    refused: () => state.refused,
    own: () => (state.own ? { name: state.own.name, width: state.own.width,
      height: state.own.height, crop: Object.assign({}, state.own.crop), note: state.own.note } : null),
  };

  // ------------------------------------------------------------- own image

  /**
   * The own-image control, from the shared module (docs/_static/image_input/): a labelled
   * file input and drop zone with its message line. A crop menu chooses between the whole
   * image (as the command line reads files) and its centre square; changing it reads the
   * last file again. A refused file leaves the last result on the page.
   */
  function attachOwnImage() {
    const module = window.filterviz_image;
    if (!module || typeof module.attach !== "function") {
      view.ownSlot.append(
        element("p", { className: "fv-x-caption", text: "Your own image needs image_input.js, which did not load." })
      );
      return;
    }
    const options = {
      label: "Or your own image",
      size: inputShape[0],
      crop: "none",
      onImage: (result) => {
        runOwn(result);
        showOwnPreview(result);
      },
      onError: () => {
        state.refused += 1;
      },
    };
    const handle = module.attach(view.ownSlot, options);
    let lastFile = null;
    handle.input.addEventListener("change", () => {
      if (handle.input.files && handle.input.files.length > 0) {
        lastFile = handle.input.files[0];
      }
    });
    view.ownSlot.addEventListener("drop", (event) => {
      const files = event.dataTransfer ? event.dataTransfer.files : null;
      if (files && files.length > 0) {
        lastFile = files[0];
      }
    });
    const crop = element("select", { id: "fv-x-crop", className: "form-select" }, [
      element("option", { value: "none", text: "the whole image (as the command line)" }),
      element("option", { value: "centre", text: "its centre square" }),
    ]);
    crop.addEventListener("change", () => {
      options.crop = crop.value;
      if (lastFile) {
        handle.read(lastFile);
      }
    });
    view.ownSlot.append(
      element("div", { className: "fv-x-field" }, [
        element("label", { for: "fv-x-crop", text: "Your image is resized to 32×32 from" }),
        crop,
      ])
    );
    view.own = handle;
  }

  function showOwnPreview(result) {
    view.ownPreview.textContent = "";
    if (!result.preview) {
      view.ownPreview.hidden = true;
      return;
    }
    const preview = result.preview;
    const canvas = element("canvas", {
      role: "img",
      "aria-label": `Your image ${result.name}, with the part the network sees outlined`,
    });
    canvas.width = preview.width;
    canvas.height = preview.height;
    const context = canvas.getContext("2d");
    context.drawImage(preview, 0, 0);
    const factor = preview.width / result.width;
    context.strokeStyle = "#ff8c00";
    context.lineWidth = 2;
    context.strokeRect(
      result.crop.x * factor + 1,
      result.crop.y * factor + 1,
      Math.max(1, result.crop.w * factor - 2),
      Math.max(1, result.crop.h * factor - 2)
    );
    view.ownPreview.append(
      element("figure", {}, [
        canvas,
        element("figcaption", {
          text: `${result.name}: the outlined part (${result.crop.w}×${result.crop.h} pixels) ` +
            `was resized to ${inputShape[0]}×${inputShape[1]}.`,
        }),
      ])
    );
    view.ownPreview.hidden = false;
  }

  // ------------------------------------------------------------------ start

  try {
    build();
    attachOwnImage();
    run(0);
    root.dataset.ready = "true";
  } catch (error) {
    root.dataset.ready = "failed";
    root.append(element("p", { className: "fv-error", text: "The explorer failed: " + error.message }));
    throw error;
  }
})();
