/*
 * filterviz filter playground: a 3×3 convolution filter applied to ten CIFAR-10
 * images, computed in the browser as a Keras Conv2D layer computes it.
 *
 * For weights w[row][column][channel], bias b and stride s, output pixel (y, x) of
 * image n is
 *
 *     sum over row, column, channel of image[n][s*y + row][s*x + column][channel]
 *                                      * w[row][column][channel]
 *     + b, then max(., 0) if ReLU is on,
 *
 * which is filterviz.conv.correlate(images, weights, stride, padding="valid",
 * bias, activation) for one output channel: cross-correlation (no flip), summed
 * over R, G and B, accumulated in double precision from float32 images and
 * weights, stored as float32. A shared grid puts the same 3×3 weights in each
 * of R, G and B (filterviz.kernels.to_conv_weights(..., mode="sum")).
 *
 * Colours follow filterviz.plot.response_norm: if any output of the ten images
 * is negative, a diverging map (RdBu_r) from -m to m with m the largest |value|;
 * otherwise grey from 0 to the largest value. The colour maps are Matplotlib's
 * own 256-entry tables, exported at build time with the images (data.js).
 *
 * Below the outputs the page prints the share of the output pixels (all ten
 * images) above, at and below 0, so that a student can check what the page's
 * "Try it" steps claim; "Reset" returns to where those steps start: the diagonal
 * filter, bias 0, ReLU off, stride 1, one shared grid.
 *
 * A student's own image (read and resized to 32 × 32 by
 * _static/image_input/image_input.js, as the command line resizes) gets its
 * output beside the ten, on the same colour scale; the shares and the status
 * line stay those of the ten images, which the "Try it" steps speak of.
 *
 * The pixel inspector shows, for the output pixel under the pointer or chosen
 * with the keyboard (focus an output, then the arrow keys), its 3 × 3 window
 * on R, G and B, the products weight × pixel, their sum, the bias and the ReLU.
 *
 * Tests and benchmarks read the numbers through window.filterviz_playground.
 */
(function () {
  "use strict";

  const MAX_ABS = 1000;
  const SIZE = 3;
  const CELLS = SIZE * SIZE;
  const CHANNELS = [
    { key: "red", name: "Red" },
    { key: "green", name: "Green" },
    { key: "blue", name: "Blue" },
  ];
  const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

  const root = document.getElementById("fv-playground");
  if (!root) {
    return;
  }
  const data = window.FILTERVIZ_PLAYGROUND_DATA;

  function element(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "text") {
        node.textContent = value;
      } else if (name === "className") {
        node.className = value;
      } else if (value === true) {
        node.setAttribute(name, "");
      } else if (value !== false && value !== null && value !== undefined) {
        node.setAttribute(name, String(value));
      }
    }
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  function fail(message) {
    root.replaceChildren(element("p", { className: "fv-failure", role: "alert", text: message }));
    root.dataset.ready = "failed";
  }

  if (!data || !data.images || !Array.isArray(data.kernels)) {
    fail(
      "The playground's data (_static/playground/data.js) did not load. " +
        "Rebuild the site with Sphinx, which writes it."
    );
    return;
  }

  // ---------------------------------------------------------------- numbers

  /** Format a number for a field: short decimals, else a fraction, else 4 digits. */
  function formatNumber(value) {
    if (Object.is(value, -0)) {
      return "0";
    }
    const decimal = Math.round(value * 1e4) / 1e4;
    if (Math.abs(value - decimal) <= 1e-7 * Math.max(1, Math.abs(value))) {
      return String(decimal);
    }
    for (let denominator = 2; denominator <= 64; denominator += 1) {
      const numerator = Math.round(value * denominator);
      if (Math.abs(value * denominator - numerator) < 1e-6) {
        return numerator + "/" + denominator;
      }
    }
    return String(Number(value.toPrecision(4)));
  }

  /** Format a share from 0 to 1 as a percentage with one decimal: "11.9\u00a0%". */
  function formatShare(count, total) {
    return ((100 * count) / total).toFixed(1) + "\u00a0%";
  }

  /** Format a number for the colour scale and status: 3 significant digits. */
  function formatTick(value) {
    if (value === 0) {
      return "0";
    }
    const text = String(Number(value.toPrecision(3)));
    return text.replace("-", "\u2212");
  }

  function quoted(text) {
    const shown = text.length > 24 ? text.slice(0, 24) + "…" : text;
    return "\u201c" + shown + "\u201d";
  }

  /**
   * Read a typed weight or bias. Returns {value} or {error}; accepts decimals
   * (1, -0.5, 2e-3) and fractions (1/9), from -1000 to 1000.
   */
  function parseNumber(raw) {
    const text = raw.trim();
    if (text === "") {
      return { error: "is empty: type a number, such as 1, -0.5 or 1/9" };
    }
    let value;
    const parts = text.split("/");
    if (parts.length === 2 && NUMBER.test(parts[0].trim()) && NUMBER.test(parts[1].trim())) {
      const denominator = Number(parts[1]);
      if (denominator === 0) {
        return { error: quoted(text) + " divides by zero" };
      }
      value = Number(parts[0]) / denominator;
    } else if (NUMBER.test(text)) {
      value = Number(text);
    } else if (/^[+-]?\d*,\d+$/.test(text)) {
      return {
        error: quoted(text) + " is not a number: write decimals with a point, as in " +
          text.replace(",", "."),
      };
    } else {
      return { error: quoted(text) + " is not a number: type one such as 1, -0.5 or 1/9" };
    }
    if (!Number.isFinite(value) || Math.abs(value) > MAX_ABS) {
      return {
        error: quoted(text) + " is too large: use a number from \u2212" + MAX_ABS +
          " to " + MAX_ABS,
      };
    }
    return { value: value };
  }

  // ------------------------------------------------------------------ state

  const sampleCount = data.images.count;
  const height = data.images.height;
  const width = data.images.width;
  const channels = data.images.channels;
  const kernels = data.kernels;

  function decodeTable(base64) {
    const bytes = atob(base64);
    const table = new Uint8Array(bytes.length);
    for (let index = 0; index < bytes.length; index += 1) {
      table[index] = bytes.charCodeAt(index);
    }
    return table;
  }
  const tables = {
    diverging: decodeTable(data.colormaps.diverging.lut),
    sequential: decodeTable(data.colormaps.sequential.lut),
  };

  /** The 27 weights [row][column][channel] a kernel of the bank expands to. */
  function expandKernel(kernel) {
    const weights = new Float32Array(CELLS * channels);
    for (let cell = 0; cell < CELLS; cell += 1) {
      for (let channel = 0; channel < channels; channel += 1) {
        weights[cell * channels + channel] = kernel.shape.length === 3
          ? kernel.weights[cell * channels + channel]
          : kernel.weights[cell];
      }
    }
    return weights;
  }
  const expandedKernels = kernels.map(expandKernel);

  // Committed (valid) values; a refused entry leaves them as they were.
  const state = {
    perChannel: false,
    grids: { shared: new Array(CELLS).fill(0) },
    bias: 0,
    relu: false,
    stride: 1,
  };
  for (const channel of CHANNELS) {
    state.grids[channel.key] = new Array(CELLS).fill(0);
  }

  const OWN = "own"; // the image key of the student's own image
  const images = []; // Float32Array(height * width * channels) per image
  const originals = []; // ImageData per image
  let own = null; // the student's image: the image input's result
  let ownFile = null; // its file, read again when the crop changes
  let ownOutput = null;
  let ownSummary = null;
  let outputs = [];
  let outputHeight = 0;
  let outputWidth = 0;
  let currentNorm = null;
  let updateCount = 0;
  let lastUpdateMs = NaN;

  /** The weights in use, [row][column][channel], as float32 like Keras weights. */
  function currentWeights() {
    const weights = new Float32Array(CELLS * channels);
    for (let cell = 0; cell < CELLS; cell += 1) {
      for (let channel = 0; channel < channels; channel += 1) {
        const grid = state.perChannel ? state.grids[CHANNELS[channel].key] : state.grids.shared;
        weights[cell * channels + channel] = grid[cell];
      }
    }
    return weights;
  }

  // ------------------------------------------------------------ computation

  /** Cross-correlate one image with the current weights (padding "valid"). */
  function correlate(image, weights, bias, relu, stride) {
    const rows = Math.floor((height - SIZE) / stride) + 1;
    const columns = Math.floor((width - SIZE) / stride) + 1;
    const rowLength = width * channels;
    const span = SIZE * channels; // one kernel row: 3 pixels x 3 channels, contiguous
    let low = Infinity;
    let high = -Infinity;
    let above = 0;
    let below = 0;
    const result = new Float32Array(rows * columns);
    for (let y = 0; y < rows; y += 1) {
      for (let x = 0; x < columns; x += 1) {
        let sum = 0;
        for (let row = 0; row < SIZE; row += 1) {
          const start = (y * stride + row) * rowLength + x * stride * channels;
          const offset = row * span;
          for (let k = 0; k < span; k += 1) {
            sum += image[start + k] * weights[offset + k];
          }
        }
        sum += bias;
        if (relu && sum < 0) {
          sum = 0;
        }
        const stored = Math.fround(sum);
        result[y * columns + x] = stored;
        if (stored > 0) {
          above += 1;
        } else if (stored < 0) {
          below += 1;
        }
        if (stored < low) {
          low = stored;
        }
        if (stored > high) {
          high = stored;
        }
      }
    }
    return { result: result, rows: rows, columns: columns, low: low, high: high, above: above, below: below };
  }

  /** The ten images' outputs, and the student's image's; shares and range of the ten. */
  function compute() {
    const weights = currentWeights();
    const bias = Math.fround(state.bias);
    let low = Infinity;
    let high = -Infinity;
    let above = 0;
    let below = 0;
    let shape = null;
    const results = [];
    for (let index = 0; index < sampleCount; index += 1) {
      const one = correlate(images[index], weights, bias, state.relu, state.stride);
      results.push(one.result);
      low = Math.min(low, one.low);
      high = Math.max(high, one.high);
      above += one.above;
      below += one.below;
      shape = one;
    }
    const mine = own ? correlate(own.pixels, weights, bias, state.relu, state.stride) : null;
    return {
      results: results,
      own: mine,
      rows: shape.rows,
      columns: shape.columns,
      low: low,
      high: high,
      above: above,
      below: below,
      total: sampleCount * shape.rows * shape.columns,
    };
  }

  /**
   * The arithmetic of one output pixel: its 3 × 3 window on each channel, the
   * products weight × pixel, their sums, the bias and the ReLU. The sum is
   * accumulated in the order compute() uses, so `value` is the output, bit for bit.
   */
  function arithmetic(image, row, column) {
    const weights = currentWeights();
    const stride = state.stride;
    const window = [];
    const weightGrid = [];
    const products = [];
    const channelSums = [0, 0, 0];
    let sum = 0;
    for (let r = 0; r < SIZE; r += 1) {
      const windowRow = [];
      const weightRow = [];
      const productRow = [];
      for (let c = 0; c < SIZE; c += 1) {
        const pixel = [];
        const weight = [];
        const product = [];
        for (let channel = 0; channel < channels; channel += 1) {
          const value = image[((stride * row + r) * width + stride * column + c) * channels + channel];
          const w = weights[(r * SIZE + c) * channels + channel];
          pixel.push(value);
          weight.push(w);
          product.push(value * w);
          channelSums[channel] += value * w;
          sum += value * w;
        }
        windowRow.push(pixel);
        weightRow.push(weight);
        productRow.push(product);
      }
      window.push(windowRow);
      weightGrid.push(weightRow);
      products.push(productRow);
    }
    const bias = Math.fround(state.bias);
    const withBias = sum + bias;
    const value = Math.fround(state.relu && withBias < 0 ? 0 : withBias);
    return {
      window: window,
      weights: weightGrid,
      products: products,
      channelSums: channelSums,
      sum: sum,
      bias: bias,
      withBias: withBias,
      relu: state.relu,
      value: value,
    };
  }

  /** Colour limits as filterviz.plot.response_norm chooses them. */
  function responseNorm(low, high) {
    if (low < 0) {
      const limit = Math.max(Math.abs(low), Math.abs(high)) || 1;
      return { kind: "diverging", colormap: data.colormaps.diverging.name, vmin: -limit, vmax: limit };
    }
    return {
      kind: "sequential",
      colormap: data.colormaps.sequential.name,
      vmin: 0,
      vmax: high > 0 ? high : 1,
    };
  }

  /** Index into a 256-entry table as Matplotlib's Normalize and Colormap do. */
  function tableIndex(value, norm) {
    const position = Math.floor(((value - norm.vmin) / (norm.vmax - norm.vmin)) * 256);
    return position < 0 ? 0 : position > 255 ? 255 : position;
  }

  // -------------------------------------------------------------------- page

  const controls = {};
  const fieldErrors = new Map(); // input id -> message

  function gridField(gridKey, label, cell) {
    const id = "fv-w-" + gridKey + "-" + cell;
    const row = Math.floor(cell / SIZE) + 1;
    const column = (cell % SIZE) + 1;
    const input = element("input", {
      id: id,
      type: "text",
      inputmode: "decimal",
      autocomplete: "off",
      spellcheck: "false",
      className: "fv-weight",
      "aria-describedby": "fv-message-" + gridKey,
      "data-grid": gridKey,
      "data-cell": cell,
    });
    const text = label + " weight, row " + row + ", column " + column;
    input.dataset.label = "Row " + row + ", column " + column;
    return [element("label", { for: id, className: "fv-sr-only", text: text }), input];
  }

  function grid(gridKey, legend, label) {
    const cells = element("div", { className: "fv-cells" });
    controls[gridKey] = [];
    for (let cell = 0; cell < CELLS; cell += 1) {
      const [fieldLabel, input] = gridField(gridKey, label, cell);
      controls[gridKey].push(input);
      cells.append(fieldLabel, input);
    }
    return element("fieldset", { className: "fv-grid fv-grid-" + gridKey, id: "fv-grid-" + gridKey }, [
      element("legend", { text: legend }),
      cells,
      element("p", { className: "fv-message", id: "fv-message-" + gridKey, role: "alert" }),
    ]);
  }

  function build() {
    const presetSelect = element("select", {
      id: "fv-preset",
      "aria-describedby": "fv-preset-description",
    });
    kernels.forEach(function (kernel, index) {
      const suffix = kernel.shape.length === 3 ? " (one grid per colour)" : "";
      presetSelect.append(element("option", { value: String(index), text: kernel.title + suffix }));
    });
    presetSelect.append(element("option", { value: "custom", disabled: true, text: "your own weights" }));
    controls.preset = presetSelect;

    controls.perChannel = element("input", { id: "fv-per-channel", type: "checkbox" });
    controls.bias = element("input", {
      id: "fv-bias",
      type: "text",
      inputmode: "decimal",
      autocomplete: "off",
      spellcheck: "false",
      className: "fv-weight",
      value: "0",
      "aria-describedby": "fv-message-bias",
    });
    controls.bias.dataset.label = "Bias";
    controls.relu = element("input", { id: "fv-relu", type: "checkbox" });
    controls.stride = [1, 2].map(function (stride) {
      return element("input", {
        id: "fv-stride-" + stride,
        type: "radio",
        name: "fv-stride",
        value: String(stride),
        checked: stride === 1,
      });
    });

    const channelGrids = element("div", { className: "fv-channel-grids", id: "fv-channel-grids", hidden: true },
      CHANNELS.map(function (channel) {
        return grid(channel.key, channel.name + " channel", channel.name);
      }));
    controls.channelGrids = channelGrids;
    controls.sharedGrid = grid("shared", "Weights for all three colours", "Shared");

    // First in the form, so that Tab from the filter menu still reaches the grid next.
    controls.reset = element("button", {
      type: "button",
      id: "fv-reset",
      className: "fv-reset",
      "aria-describedby": "fv-reset-description",
      text: "Reset",
    });
    const form = element("form", { className: "fv-controls", "aria-label": "Filter settings" }, [
      element("div", { className: "fv-field fv-reset-row" }, [
        controls.reset,
        element("p", {
          className: "fv-hint",
          id: "fv-reset-description",
          text: "Back to the diagonal filter, bias 0, ReLU off, stride 1: where each " +
            "\u201cTry it\u201d step below starts.",
        }),
      ]),
      element("div", { className: "fv-field fv-preset" }, [
        element("label", { for: "fv-preset", text: "Start from a filter" }),
        presetSelect,
        element("p", { className: "fv-hint", id: "fv-preset-description" }),
      ]),
      element("div", { className: "fv-field fv-check" }, [
        controls.perChannel,
        element("label", { for: "fv-per-channel", text: "One grid per colour channel (red, green, blue)" }),
      ]),
      element("div", { className: "fv-grids" }, [controls.sharedGrid, channelGrids]),
      element("p", {
        className: "fv-hint",
        text: "Tab moves from weight to weight; \u2191 and \u2193 change a weight by 0.1 " +
          "(with Shift, by 1). Fractions such as 1/9 are welcome.",
      }),
      element("div", { className: "fv-row" }, [
        element("div", { className: "fv-field" }, [
          element("label", { for: "fv-bias", className: "fv-block-label", text: "Bias, added to every output" }),
          controls.bias,
          element("p", { className: "fv-message", id: "fv-message-bias", role: "alert" }),
        ]),
        element("div", { className: "fv-field fv-check" }, [
          controls.relu,
          element("label", { for: "fv-relu", text: "ReLU: negative outputs become 0" }),
        ]),
        element("fieldset", { className: "fv-field fv-stride" }, [
          element("legend", { text: "Stride" }),
          element("div", { className: "fv-radio" }, [
            controls.stride[0],
            element("label", { for: "fv-stride-1", text: "1 (output 30 \u00d7 30)" }),
          ]),
          element("div", { className: "fv-radio" }, [
            controls.stride[1],
            element("label", { for: "fv-stride-2", text: "2 (output 15 \u00d7 15)" }),
          ]),
        ]),
      ]),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });

    const scaleCanvas = element("canvas", { width: 256, height: 1, className: "fv-scale-bar", "aria-hidden": "true" });
    controls.scaleCanvas = scaleCanvas;
    controls.scaleTicks = element("div", { className: "fv-scale-ticks", "aria-hidden": "true" });
    controls.scaleText = element("p", { className: "fv-scale-text", id: "fv-scale-text" });
    controls.status = element("p", { className: "fv-status", id: "fv-status", "aria-live": "polite" });
    controls.shares = {
      above: element("strong", { id: "fv-share-above" }),
      zero: element("strong", { id: "fv-share-zero" }),
      below: element("strong", { id: "fv-share-below" }),
      total: element("span", { id: "fv-share-total" }),
    };
    controls.sharesLine = element("p", { className: "fv-status fv-shares", id: "fv-shares" }, [
      "Output pixels above 0: ", controls.shares.above,
      "; exactly 0: ", controls.shares.zero,
      "; below 0: ", controls.shares.below,
      " (of ", controls.shares.total, ").",
    ]);

    const samples = element("div", { className: "fv-samples" });
    controls.outputCanvases = [];
    controls.originalCanvases = [];
    for (let index = 0; index < sampleCount; index += 1) {
      const name = data.images.classNames[index];
      const original = element("canvas", {
        width: width,
        height: height,
        className: "fv-original",
        role: "img",
        "aria-label": "Image " + (index + 1) + ": " + name,
      });
      const output = outputCanvas(index, "fv-output-" + index);
      controls.originalCanvases.push(original);
      controls.outputCanvases.push(output);
      samples.append(element("figure", { className: "fv-sample" }, [
        framed(original, index, "window"),
        framed(output, index, "pick"),
        element("figcaption", { text: (index + 1) + ". " + name }),
      ]));
    }

    const results = element("section", { className: "fv-results", "aria-label": "Filter outputs" }, [
      element("p", {
        className: "fv-hint",
        text: "Top: the image (32 \u00d7 32 pixels). Bottom: the filter's output, " +
          "on one colour scale for all ten, and for your own image below.",
      }),
      samples,
      buildOwn(),
      element("div", { className: "fv-scale", role: "group", "aria-labelledby": "fv-scale-text" }, [
        scaleCanvas,
        controls.scaleTicks,
        controls.scaleText,
      ]),
      controls.status,
      controls.sharesLine,
      buildInspector(),
    ]);
    root.replaceChildren(element("div", { className: "fv-layout" }, [form, results]));
  }

  /** An output canvas: focusable, so that the arrow keys choose the pixel to inspect. */
  function outputCanvas(image, id) {
    const canvas = element("canvas", {
      className: "fv-output",
      role: "img",
      tabindex: "0",
      "data-image": String(image),
      id: id,
      "aria-describedby": "fv-inspector-help",
    });
    controls.outputByImage = controls.outputByImage || new Map();
    controls.outputByImage.set(String(image), canvas);
    return canvas;
  }

  /**
   * A canvas in a frame that can outline part of it: the chosen output pixel
   * ("pick") or, on an input image, the 3 × 3 window that pixel reads ("window").
   */
  function framed(canvas, image, kind) {
    const mark = element("span", { className: "fv-mark fv-mark-" + kind, "aria-hidden": "true", hidden: true });
    controls.marks = controls.marks || [];
    controls.marks.push({ image: String(image), kind: kind, node: mark });
    return element("span", { className: "fv-frame" }, [canvas, mark]);
  }

  function buildOwn() {
    controls.ownInput = element("canvas", {
      width: width,
      height: height,
      className: "fv-original",
      role: "img",
      id: "fv-own-input",
      "aria-label": "Your image, resized to " + height + " \u00d7 " + width + " pixels",
    });
    controls.ownOutput = outputCanvas(OWN, "fv-output-own");
    controls.ownPreview = element("canvas", {
      width: 1,
      height: 1,
      className: "fv-own-preview",
      role: "img",
      id: "fv-own-preview",
      "aria-label": "Your image as you gave it",
    });
    controls.ownCrop = ["none", "centre"].map(function (crop) {
      return element("input", {
        id: "fv-own-crop-" + crop,
        type: "radio",
        name: "fv-own-crop",
        value: crop,
        checked: crop === "none",
      });
    });
    controls.ownCaption = element("p", { className: "fv-hint", id: "fv-own-caption" });
    controls.ownStatus = element("p", { className: "fv-status", id: "fv-own-status" });
    const upload = element("div", { className: "fv-own-upload", id: "fv-own-upload" });
    controls.ownFigure = element("div", { className: "fv-own-figure", hidden: true }, [
      element("figure", { className: "fv-own-given" }, [
        controls.ownPreview,
        element("figcaption", { id: "fv-own-given-caption", text: "As you gave it" }),
      ]),
      element("figure", { className: "fv-own-sample" }, [
        framed(controls.ownInput, OWN, "window"),
        framed(controls.ownOutput, OWN, "pick"),
        element("figcaption", { text: "Yours, 32 \u00d7 32, and its output" }),
      ]),
    ]);
    const section = element("section", { className: "fv-own", "aria-labelledby": "fv-own-title" }, [
      element("p", { className: "fv-own-title", id: "fv-own-title", text: "Your own image" }),
      element("p", {
        className: "fv-hint",
        text: "It is resized to 32 \u00d7 32 pixels as the filterviz command line resizes, " +
          "then filtered like the ten, on their colour scale. It stays in your browser.",
      }),
      upload,
      element("fieldset", { className: "fv-field fv-stride fv-own-crop" }, [
        element("legend", { text: "Which part" }),
        element("div", { className: "fv-radio" }, [
          controls.ownCrop[0],
          element("label", { for: "fv-own-crop-none", text: "The whole image, squeezed to a square (as the command line)" }),
        ]),
        element("div", { className: "fv-radio" }, [
          controls.ownCrop[1],
          element("label", { for: "fv-own-crop-centre", text: "Its centre square" }),
        ]),
      ]),
      controls.ownFigure,
      controls.ownCaption,
      controls.ownStatus,
    ]);
    if (window.filterviz_image) {
      // attach() reads the crop from these options for each file, so the radios change it here.
      controls.ownOptions = {
        label: "Choose an image file",
        size: width,
        crop: "none",
        onImage: function (result) {
          showOwn(result);
        },
      };
      controls.ownReader = window.filterviz_image.attach(upload, controls.ownOptions);
      controls.ownReader.input.addEventListener("change", function () {
        if (controls.ownReader.input.files && controls.ownReader.input.files.length > 0) {
          ownFile = controls.ownReader.input.files[0];
        }
      });
      upload.addEventListener("drop", function (event) {
        if (event.dataTransfer && event.dataTransfer.files.length > 0) {
          ownFile = event.dataTransfer.files[0];
        }
      });
    } else {
      upload.append(element("p", {
        className: "fv-message",
        text: "The image reader (_static/image_input/image_input.js) did not load; rebuild the site.",
      }));
    }
    return section;
  }

  function buildInspector() {
    controls.inspectorTitle = element("p", { className: "fv-inspector-title", id: "fv-inspector-title" });
    controls.inspectorChannels = element("div", { className: "fv-inspector-channels" });
    controls.inspectorFormula = element("p", {
      className: "fv-inspector-formula",
      id: "fv-inspector-formula",
      "aria-live": "polite",
    });
    return element("section", {
      className: "fv-inspector",
      id: "fv-inspector",
      "aria-labelledby": "fv-inspector-heading",
    }, [
      element("p", { className: "fv-own-title", id: "fv-inspector-heading", text: "Pixel inspector" }),
      element("p", {
        className: "fv-hint",
        id: "fv-inspector-help",
        text: "Point at an output pixel, or focus an output with Tab and move with the arrow keys: " +
          "here is how that pixel is computed.",
      }),
      controls.inspectorTitle,
      controls.inspectorChannels,
      controls.inspectorFormula,
    ]);
  }

  // ----------------------------------------------------------------- drawing

  function drawOriginals() {
    for (let index = 0; index < sampleCount; index += 1) {
      controls.originalCanvases[index].getContext("2d").putImageData(originals[index], 0, 0);
    }
  }

  function drawOutputs(result, norm) {
    const table = tables[norm.kind];
    for (let index = 0; index < sampleCount; index += 1) {
      const canvas = controls.outputCanvases[index];
      if (canvas.width !== result.columns || canvas.height !== result.rows) {
        canvas.width = result.columns;
        canvas.height = result.rows;
      }
      const context = canvas.getContext("2d");
      const picture = context.createImageData(result.columns, result.rows);
      const pixels = picture.data;
      const values = result.results[index];
      let low = Infinity;
      let high = -Infinity;
      for (let k = 0; k < values.length; k += 1) {
        const value = values[k];
        const entry = tableIndex(value, norm) * 3;
        pixels[4 * k] = table[entry];
        pixels[4 * k + 1] = table[entry + 1];
        pixels[4 * k + 2] = table[entry + 2];
        pixels[4 * k + 3] = 255;
        if (value < low) {
          low = value;
        }
        if (value > high) {
          high = value;
        }
      }
      context.putImageData(picture, 0, 0);
      canvas.setAttribute(
        "aria-label",
        "Output " + (index + 1) + " (" + data.images.classNames[index] + "): values from " +
          formatTick(low) + " to " + formatTick(high),
      );
    }
  }

  /** Draw the student's image: as given (the crop outlined) and resized. */
  function drawOwn() {
    const preview = own.preview;
    const canvas = controls.ownPreview;
    canvas.width = preview.width;
    canvas.height = preview.height;
    const context = canvas.getContext("2d");
    context.drawImage(preview, 0, 0);
    const scale = preview.width / own.width;
    const crop = own.crop;
    const line = Math.max(2, Math.round(preview.width / 100));
    context.lineWidth = line;
    context.strokeStyle = "#ffffff";
    context.strokeRect(crop.x * scale + line / 2, crop.y * scale + line / 2,
      crop.w * scale - line, crop.h * scale - line);
    context.setLineDash([3 * line, 2 * line]);
    context.strokeStyle = "#000000";
    context.strokeRect(crop.x * scale + line / 2, crop.y * scale + line / 2,
      crop.w * scale - line, crop.h * scale - line);
    const picture = new ImageData(width, height);
    for (let k = 0; k < width * height; k += 1) {
      for (let channel = 0; channel < channels; channel += 1) {
        picture.data[4 * k + channel] = Math.round(own.pixels[k * channels + channel] * 255);
      }
      picture.data[4 * k + 3] = 255;
    }
    controls.ownInput.getContext("2d").putImageData(picture, 0, 0);
    const whole = crop.w === own.width && crop.h === own.height;
    canvas.setAttribute("aria-label", "Your image " + quoted(own.name) + " as you gave it, " +
      own.width + " \u00d7 " + own.height + " pixels" + (whole ? "" : ", its centre square outlined"));
    controls.ownCaption.textContent = (whole
      ? "The whole image (outlined) is squeezed to 32 \u00d7 32, as the command line does."
      : "Its centre square, " + crop.w + " \u00d7 " + crop.h + " pixels (outlined), is resized to " +
        "32 \u00d7 32.") + (own.note ? " " + own.note : "");
    controls.ownFigure.hidden = false;
  }

  function drawValues(canvas, values, rows, columns, norm, label) {
    const table = tables[norm.kind];
    if (canvas.width !== columns || canvas.height !== rows) {
      canvas.width = columns;
      canvas.height = rows;
    }
    const context = canvas.getContext("2d");
    const picture = context.createImageData(columns, rows);
    let low = Infinity;
    let high = -Infinity;
    for (let k = 0; k < values.length; k += 1) {
      const value = values[k];
      const entry = tableIndex(value, norm) * 3;
      picture.data[4 * k] = table[entry];
      picture.data[4 * k + 1] = table[entry + 1];
      picture.data[4 * k + 2] = table[entry + 2];
      picture.data[4 * k + 3] = 255;
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    context.putImageData(picture, 0, 0);
    canvas.setAttribute("aria-label", label + ": values from " + formatTick(low) + " to " + formatTick(high));
  }

  function drawScale(norm) {
    const table = tables[norm.kind];
    const context = controls.scaleCanvas.getContext("2d");
    const picture = context.createImageData(256, 1);
    for (let k = 0; k < 256; k += 1) {
      picture.data[4 * k] = table[3 * k];
      picture.data[4 * k + 1] = table[3 * k + 1];
      picture.data[4 * k + 2] = table[3 * k + 2];
      picture.data[4 * k + 3] = 255;
    }
    context.putImageData(picture, 0, 0);
    const ticks = norm.kind === "diverging"
      ? [norm.vmin, norm.vmin / 2, 0, norm.vmax / 2, norm.vmax]
      : [0, norm.vmax / 4, norm.vmax / 2, (3 * norm.vmax) / 4, norm.vmax];
    controls.scaleTicks.replaceChildren(...ticks.map(function (value) {
      const tick = element("span", { text: formatTick(value) });
      tick.style.left = (100 * (value - norm.vmin)) / (norm.vmax - norm.vmin) + "%";
      return tick;
    }));
    controls.scaleText.textContent = norm.kind === "diverging"
      ? "Colour scale (" + norm.colormap + "): blue for negative outputs down to " +
        formatTick(norm.vmin) + ", white for 0, red for positive outputs up to " +
        formatTick(norm.vmax) + "."
      : "Colour scale (" + norm.colormap + "): no output is negative, so black is 0 and white is " +
        formatTick(norm.vmax) + ".";
  }

  // ----------------------------------------------------------------- updates

  function update() {
    const start = performance.now();
    const result = compute();
    const norm = result.own
      ? responseNorm(Math.min(result.low, result.own.low), Math.max(result.high, result.own.high))
      : responseNorm(result.low, result.high);
    drawOutputs(result, norm);
    ownOutput = result.own ? result.own.result : null;
    ownSummary = result.own;
    if (result.own) {
      drawValues(controls.ownOutput, result.own.result, result.rows, result.columns, norm,
        "Output of your image");
      const pixels = result.rows * result.columns;
      controls.ownStatus.textContent = "Your image: output values from " + formatTick(result.own.low) +
        " to " + formatTick(result.own.high) + "; above 0: " + formatShare(result.own.above, pixels) +
        ", exactly 0: " + formatShare(pixels - result.own.above - result.own.below, pixels) +
        ", below 0: " + formatShare(result.own.below, pixels) + ".";
    }
    drawScale(norm);
    outputs = result.results;
    outputHeight = result.rows;
    outputWidth = result.columns;
    currentNorm = norm;
    controls.status.textContent = "Stride " + state.stride + ": each output is " + result.rows +
      " \u00d7 " + result.columns + " pixels, with values from " + formatTick(result.low) +
      " to " + formatTick(result.high) + " across the ten images.";
    const zero = result.total - result.above - result.below;
    controls.shares.above.textContent = formatShare(result.above, result.total);
    controls.shares.zero.textContent = formatShare(zero, result.total);
    controls.shares.below.textContent = formatShare(result.below, result.total);
    controls.shares.total.textContent = result.total + ": " + sampleCount + " images \u00d7 " +
      result.rows + " \u00d7 " + result.columns;
    showInspector();
    updateCount += 1;
    lastUpdateMs = performance.now() - start;
    return lastUpdateMs;
  }

  // --------------------------------------------------------------- inspector

  const chosen = { image: "0", row: 0, column: 0 };

  function imagePixels(image) {
    return image === OWN ? (own ? own.pixels : null) : images[Number(image)];
  }

  function imageName(image) {
    return image === OWN ? "your image" : "image " + (Number(image) + 1) + " (" +
      data.images.classNames[Number(image)] + ")";
  }

  function outputValues(image) {
    return image === OWN ? ownOutput : outputs[Number(image)];
  }

  /** Choose the output pixel to inspect; rows and columns are clipped to the output. */
  function choose(image, row, column) {
    chosen.image = String(image);
    chosen.row = Math.max(0, Math.min(outputHeight - 1, row));
    chosen.column = Math.max(0, Math.min(outputWidth - 1, column));
    showInspector();
  }

  function fixed(value) {
    if (value === 0) {
      return "0";
    }
    return value.toFixed(3).replace("-", "\u2212");
  }

  function showMarks() {
    const stride = state.stride;
    for (const mark of controls.marks) {
      const show = mark.image === chosen.image;
      mark.node.hidden = !show;
      if (!show) {
        continue;
      }
      if (mark.kind === "pick") {
        mark.node.style.left = (100 * chosen.column) / outputWidth + "%";
        mark.node.style.top = (100 * chosen.row) / outputHeight + "%";
        mark.node.style.width = 100 / outputWidth + "%";
        mark.node.style.height = 100 / outputHeight + "%";
      } else {
        mark.node.style.left = (100 * stride * chosen.column) / width + "%";
        mark.node.style.top = (100 * stride * chosen.row) / height + "%";
        mark.node.style.width = (100 * SIZE) / width + "%";
        mark.node.style.height = (100 * SIZE) / height + "%";
      }
    }
  }

  function showInspector() {
    if (!controls.inspectorTitle || outputHeight === 0) {
      return;
    }
    if (chosen.image === OWN && !own) {
      chosen.image = "0";
    }
    chosen.row = Math.min(chosen.row, outputHeight - 1);
    chosen.column = Math.min(chosen.column, outputWidth - 1);
    const image = imagePixels(chosen.image);
    const result = arithmetic(image, chosen.row, chosen.column);
    const stride = state.stride;
    controls.inspectorTitle.textContent = "Output pixel at row " + (chosen.row + 1) + ", column " +
      (chosen.column + 1) + " of " + imageName(chosen.image) + ": it reads the input's rows " +
      (stride * chosen.row + 1) + "\u2013" + (stride * chosen.row + SIZE) + " and columns " +
      (stride * chosen.column + 1) + "\u2013" + (stride * chosen.column + SIZE) + " (outlined).";
    const tablesShown = CHANNELS.map(function (channel, index) {
      const head = [element("td")];
      for (let c = 0; c < SIZE; c += 1) {
        head.push(element("th", { scope: "col" }, [
          element("span", { className: "fv-sr-only", text: "column " }),
          String(stride * chosen.column + c + 1),
        ]));
      }
      const body = element("tbody");
      for (let r = 0; r < SIZE; r += 1) {
        const cells = [element("th", { scope: "row" }, [
          element("span", { className: "fv-sr-only", text: "row " }),
          String(stride * chosen.row + r + 1),
        ])];
        for (let c = 0; c < SIZE; c += 1) {
          cells.push(element("td", {}, [
            element("span", { className: "fv-factor", text: fixed(result.window[r][c][index]) + " \u00d7 " +
              formatNumber(result.weights[r][c][index]).replace("-", "\u2212") }),
            element("span", { className: "fv-product", text: "= " + fixed(result.products[r][c][index]) }),
          ]));
        }
        body.append(element("tr", {}, cells));
      }
      return element("table", { className: "fv-window fv-window-" + channel.key }, [
        element("caption", { text: channel.name + ": pixel \u00d7 weight" }),
        element("thead", {}, [element("tr", {}, head)]),
        body,
        element("tfoot", {}, [element("tr", {}, [element("th", {
          scope: "row",
          colspan: "4",
          text: channel.name + " sum: " + fixed(result.channelSums[index]),
        })])]),
      ]);
    });
    controls.inspectorChannels.replaceChildren(...tablesShown);
    const sums = CHANNELS.map(function (channel, index) {
      return channel.name.charAt(0) + " " + fixed(result.channelSums[index]);
    });
    let text = "Sum of the 27 products: " + sums.join(" + ") +
      " = " + fixed(result.sum) + ". Plus the bias " + formatNumber(result.bias).replace("-", "\u2212") +
      ": " + fixed(result.withBias) + ".";
    text += result.relu
      ? " ReLU: max(" + fixed(result.withBias) + ", 0) = " + fixed(result.value) + "."
      : " ReLU is off, so the output is " + fixed(result.value) + ".";
    controls.inspectorFormula.textContent = text;
    showMarks();
  }

  function onOutputKey(event) {
    const moves = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      Home: [-Infinity, -Infinity],
      End: [Infinity, Infinity],
    };
    const move = moves[event.key];
    if (!move) {
      return;
    }
    event.preventDefault();
    const row = Number.isFinite(move[0]) ? chosen.row + move[0] : move[0] < 0 ? 0 : outputHeight - 1;
    const column = Number.isFinite(move[1]) ? chosen.column + move[1] : move[1] < 0 ? 0 : outputWidth - 1;
    choose(event.currentTarget.dataset.image, row, column);
  }

  function onOutputPointer(event) {
    const canvas = event.currentTarget;
    const box = canvas.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) {
      return;
    }
    const column = Math.floor(((event.clientX - box.left) / box.width) * outputWidth);
    const row = Math.floor(((event.clientY - box.top) / box.height) * outputHeight);
    choose(canvas.dataset.image, row, column);
  }

  function connectOutputs() {
    for (const canvas of controls.outputByImage.values()) {
      canvas.addEventListener("keydown", onOutputKey);
      canvas.addEventListener("pointermove", onOutputPointer);
      canvas.addEventListener("pointerdown", onOutputPointer);
      canvas.addEventListener("focus", function () {
        if (canvas.dataset.image !== chosen.image) {
          choose(canvas.dataset.image, chosen.row, chosen.column);
        }
      });
    }
  }

  // ------------------------------------------------------------ own image

  function showOwn(result) {
    own = result;
    drawOwn();
    update();
    choose(OWN, chosen.row, chosen.column);
  }

  function sameWeights(first, second) {
    for (let k = 0; k < first.length; k += 1) {
      if (first[k] !== second[k]) {
        return false;
      }
    }
    return true;
  }

  /** Show the preset that gives the current weights, or "your own weights". */
  function syncPreset() {
    const weights = currentWeights();
    const selected = Number(controls.preset.value);
    const wanted = state.perChannel ? 3 : 2;
    let match = -1;
    if (Number.isInteger(selected) && kernels[selected].shape.length === wanted &&
        sameWeights(expandedKernels[selected], weights)) {
      match = selected;
    } else {
      match = kernels.findIndex(function (kernel, index) {
        return kernel.shape.length === wanted && sameWeights(expandedKernels[index], weights);
      });
    }
    controls.preset.value = match >= 0 ? String(match) : "custom";
    document.getElementById("fv-preset-description").textContent = match >= 0
      ? "Responds to " + kernels[match].description + "."
      : "Your own weights: no filter of the bank has exactly these.";
  }

  function showMessages(messageId, inputs) {
    const lines = [];
    for (const input of inputs) {
      if (fieldErrors.has(input.id)) {
        lines.push(fieldErrors.get(input.id));
      }
    }
    document.getElementById(messageId).textContent = lines.join(" ");
  }

  function setField(input, value) {
    input.value = formatNumber(value);
    input.removeAttribute("aria-invalid");
    fieldErrors.delete(input.id);
  }

  function fillGrid(gridKey, values) {
    state.grids[gridKey] = Array.from(values);
    controls[gridKey].forEach(function (input, cell) {
      setField(input, values[cell]);
    });
    showMessages("fv-message-" + gridKey, controls[gridKey]);
  }

  function showMode() {
    controls.perChannel.checked = state.perChannel;
    controls.sharedGrid.hidden = state.perChannel;
    controls.channelGrids.hidden = !state.perChannel;
  }

  function applyPreset(index) {
    const kernel = kernels[index];
    if (kernel.shape.length === 3) {
      state.perChannel = true;
      CHANNELS.forEach(function (channel, channelIndex) {
        const values = [];
        for (let cell = 0; cell < CELLS; cell += 1) {
          values.push(kernel.weights[cell * channels + channelIndex]);
        }
        fillGrid(channel.key, values);
      });
    } else {
      state.perChannel = false;
      fillGrid("shared", kernel.weights);
    }
    showMode();
    controls.preset.value = String(index);
    syncPreset();
    update();
  }

  /** Where the page's "Try it" steps start: the first filter, bias 0, ReLU off, stride 1. */
  function reset() {
    state.bias = 0;
    setField(controls.bias, 0);
    showMessages("fv-message-bias", [controls.bias]);
    state.relu = false;
    controls.relu.checked = false;
    state.stride = 1;
    for (const radio of controls.stride) {
      radio.checked = radio.value === "1";
    }
    for (const channel of CHANNELS) {
      fillGrid(channel.key, new Array(CELLS).fill(0));
    }
    applyPreset(0);
  }

  /** Read one weight or the bias; refuse bad entries, keeping the last valid value. */
  function onNumberInput(input) {
    const parsed = parseNumber(input.value);
    const isBias = input === controls.bias;
    const messageId = isBias ? "fv-message-bias" : "fv-message-" + input.dataset.grid;
    const group = isBias ? [controls.bias] : controls[input.dataset.grid];
    if (parsed.error !== undefined) {
      const kept = isBias ? state.bias : state.grids[input.dataset.grid][Number(input.dataset.cell)];
      input.setAttribute("aria-invalid", "true");
      fieldErrors.set(input.id, input.dataset.label + ": " + parsed.error + ". The output still uses " +
        formatNumber(kept) + ".");
      showMessages(messageId, group);
      return;
    }
    input.removeAttribute("aria-invalid");
    fieldErrors.delete(input.id);
    showMessages(messageId, group);
    if (isBias) {
      state.bias = parsed.value;
    } else {
      state.grids[input.dataset.grid][Number(input.dataset.cell)] = parsed.value;
      syncPreset();
    }
    update();
  }

  function onArrowKey(event) {
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") {
      return;
    }
    const input = event.target;
    const parsed = parseNumber(input.value);
    if (parsed.error !== undefined) {
      return;
    }
    event.preventDefault();
    const step = (event.shiftKey ? 1 : 0.1) * (event.key === "ArrowUp" ? 1 : -1);
    const value = Math.round((parsed.value + step) * 1e6) / 1e6;
    if (Math.abs(value) > MAX_ABS) {
      return;
    }
    input.value = formatNumber(value);
    onNumberInput(input);
  }

  function connect() {
    const numberInputs = [controls.bias].concat(
      controls.shared,
      ...CHANNELS.map(function (channel) {
        return controls[channel.key];
      }),
    );
    for (const input of numberInputs) {
      input.addEventListener("input", function () {
        onNumberInput(input);
      });
      input.addEventListener("keydown", onArrowKey);
    }
    controls.reset.addEventListener("click", reset);
    controls.preset.addEventListener("change", function () {
      const index = Number(controls.preset.value);
      if (Number.isInteger(index) && index >= 0 && index < kernels.length) {
        applyPreset(index);
      }
    });
    controls.perChannel.addEventListener("change", function () {
      state.perChannel = controls.perChannel.checked;
      if (state.perChannel) {
        // The shared grid in each channel: the same weights, the same output.
        for (const channel of CHANNELS) {
          fillGrid(channel.key, state.grids.shared);
        }
      }
      showMode();
      syncPreset();
      update();
    });
    connectOutputs();
    for (const radio of controls.ownCrop) {
      radio.addEventListener("change", function () {
        if (radio.checked && controls.ownOptions) {
          controls.ownOptions.crop = radio.value;
          if (ownFile) {
            controls.ownReader.read(ownFile);
          }
        }
      });
    }
    controls.relu.addEventListener("change", function () {
      state.relu = controls.relu.checked;
      update();
    });
    for (const radio of controls.stride) {
      radio.addEventListener("change", function () {
        if (radio.checked) {
          state.stride = Number(radio.value);
          update();
        }
      });
    }
  }

  // ----------------------------------------------------------------- loading

  async function loadImages() {
    const picture = new Image();
    picture.src = data.images.src;
    await picture.decode();
    let source = picture;
    if (typeof window.createImageBitmap === "function") {
      try {
        source = await window.createImageBitmap(picture, {
          colorSpaceConversion: "none",
          premultiplyAlpha: "none",
        });
      } catch (error) {
        source = picture;
      }
    }
    const stripWidth = sampleCount * width;
    const canvas = document.createElement("canvas");
    canvas.width = stripWidth;
    canvas.height = height;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(source, 0, 0);
    const pixels = context.getImageData(0, 0, stripWidth, height).data;
    for (let index = 0; index < sampleCount; index += 1) {
      const image = new Float32Array(height * width * channels);
      const original = new ImageData(width, height);
      for (let y = 0; y < height; y += 1) {
        for (let x = 0; x < width; x += 1) {
          const from = 4 * (y * stripWidth + index * width + x);
          const to = (y * width + x) * channels;
          for (let channel = 0; channel < channels; channel += 1) {
            image[to + channel] = pixels[from + channel] / 255;
            original.data[4 * (y * width + x) + channel] = pixels[from + channel];
          }
          original.data[4 * (y * width + x) + 3] = 255;
        }
      }
      images.push(image);
      originals.push(original);
    }
  }

  function checkIndex(index) {
    if (index === OWN) {
      if (!own) {
        throw new RangeError("index \"own\": no image of your own has been read yet");
      }
      return;
    }
    if (!Number.isInteger(index) || index < 0 || index >= sampleCount) {
      throw new RangeError("index must be an integer from 0 to " + (sampleCount - 1) +
        " or \"own\"; got " + index);
    }
  }

  function nested(grid) {
    return grid.map(function (row) {
      return row.map(function (pixel) {
        return Array.from(pixel);
      });
    });
  }

  /** What tests and benchmarks read: copies, so that callers cannot change the page. */
  window.filterviz_playground = Object.freeze({
    count: sampleCount,
    isReady: function () {
      return root.dataset.ready === "true";
    },
    output: function (index) {
      checkIndex(index);
      return Float32Array.from(index === OWN ? ownOutput : outputs[index]);
    },
    /** The student's image as read (32 × 32 × 3 pixels in [0, 1]), or null. */
    ownImage: function () {
      return own
        ? { pixels: Float32Array.from(own.pixels), name: own.name, width: own.width, height: own.height,
          crop: Object.assign({}, own.crop), note: own.note }
        : null;
    },
    /**
     * Show output pixel (row, column) of image `index` (0 to 9, or "own") in the
     * inspector, outlined, and return its arithmetic: the 3 × 3 × 3 window of
     * pixels, the weights, the products, the sums per channel, the sum, the
     * bias, the ReLU and the output value.
     */
    inspect: function (index, row, column) {
      checkIndex(index);
      if (!Number.isInteger(row) || !Number.isInteger(column) || row < 0 || column < 0 ||
          row >= outputHeight || column >= outputWidth) {
        throw new RangeError("row and column must be integers inside the " + outputHeight + " \u00d7 " +
          outputWidth + " output; got " + row + ", " + column);
      }
      choose(index, row, column);
      return window.filterviz_playground.inspected();
    },
    /** What the inspector shows now: the chosen pixel and its arithmetic. */
    inspected: function () {
      const image = chosen.image === OWN ? OWN : Number(chosen.image);
      const result = arithmetic(imagePixels(chosen.image), chosen.row, chosen.column);
      return {
        image: image,
        row: chosen.row,
        column: chosen.column,
        window: nested(result.window),
        weights: nested(result.weights),
        products: nested(result.products),
        channelSums: result.channelSums.slice(),
        sum: result.sum,
        bias: result.bias,
        relu: result.relu,
        value: result.value,
        output: outputValues(chosen.image)[chosen.row * outputWidth + chosen.column],
        formula: controls.inspectorFormula.textContent,
      };
    },
    outputShape: function () {
      return [outputHeight, outputWidth];
    },
    image: function (index) {
      checkIndex(index);
      return Float32Array.from(index === OWN ? own.pixels : images[index]);
    },
    weights: function () {
      return Array.from(currentWeights());
    },
    settings: function () {
      return {
        perChannel: state.perChannel,
        bias: state.bias,
        relu: state.relu,
        stride: state.stride,
        preset: controls.preset.value === "custom" ? null : kernels[Number(controls.preset.value)].name,
      };
    },
    norm: function () {
      return Object.assign({}, currentNorm);
    },
    update: update,
    updateCount: function () {
      return updateCount;
    },
    lastUpdateMs: function () {
      return lastUpdateMs;
    },
  });

  loadImages().then(
    function () {
      build();
      connect();
      drawOriginals();
      applyPreset(0);
      root.dataset.ready = "true";
    },
    function (error) {
      fail("The playground could not decode its sample images (" + error.message + ").");
    },
  );
})();
