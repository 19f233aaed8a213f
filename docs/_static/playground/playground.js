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

  const images = []; // Float32Array(height * width * channels) per image
  const originals = []; // ImageData per image
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

  /** Cross-correlate the ten images with the current weights (padding "valid"). */
  function compute() {
    const stride = state.stride;
    const weights = currentWeights();
    const bias = Math.fround(state.bias);
    const relu = state.relu;
    const rows = Math.floor((height - SIZE) / stride) + 1;
    const columns = Math.floor((width - SIZE) / stride) + 1;
    const rowLength = width * channels;
    const span = SIZE * channels; // one kernel row: 3 pixels x 3 channels, contiguous
    let low = Infinity;
    let high = -Infinity;
    let above = 0;
    let below = 0;
    const results = [];
    for (let index = 0; index < sampleCount; index += 1) {
      const image = images[index];
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
      results.push(result);
    }
    return {
      results: results,
      rows: rows,
      columns: columns,
      low: low,
      high: high,
      above: above,
      below: below,
      total: sampleCount * rows * columns,
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
      const output = element("canvas", {
        className: "fv-output",
        role: "img",
        "data-index": index,
        id: "fv-output-" + index,
      });
      controls.originalCanvases.push(original);
      controls.outputCanvases.push(output);
      samples.append(element("figure", { className: "fv-sample" }, [
        original,
        output,
        element("figcaption", { text: (index + 1) + ". " + name }),
      ]));
    }

    const results = element("section", { className: "fv-results", "aria-label": "Filter outputs" }, [
      element("p", {
        className: "fv-hint",
        text: "Top: the image (32 \u00d7 32 pixels). Bottom: the filter's output, " +
          "on one colour scale for all ten.",
      }),
      samples,
      element("div", { className: "fv-scale", role: "group", "aria-labelledby": "fv-scale-text" }, [
        scaleCanvas,
        controls.scaleTicks,
        controls.scaleText,
      ]),
      controls.status,
      controls.sharesLine,
    ]);
    root.replaceChildren(element("div", { className: "fv-layout" }, [form, results]));
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
    const norm = responseNorm(result.low, result.high);
    drawOutputs(result, norm);
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
    updateCount += 1;
    lastUpdateMs = performance.now() - start;
    return lastUpdateMs;
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
    if (!Number.isInteger(index) || index < 0 || index >= sampleCount) {
      throw new RangeError("index must be an integer from 0 to " + (sampleCount - 1) + "; got " + index);
    }
  }

  /** What tests and benchmarks read: copies, so that callers cannot change the page. */
  window.filterviz_playground = Object.freeze({
    count: sampleCount,
    isReady: function () {
      return root.dataset.ready === "true";
    },
    output: function (index) {
      checkIndex(index);
      return Float32Array.from(outputs[index]);
    },
    outputShape: function () {
      return [outputHeight, outputWidth];
    },
    image: function (index) {
      checkIndex(index);
      return Float32Array.from(images[index]);
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
