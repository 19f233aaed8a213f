"""Receptive fields against the input gradient: an input pixel is in the field if it can move the output."""

import numpy as np
import pytest
from error_checks import raises_naming

import filterviz
from filterviz import receptive

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")


def gradient_support(model, layer, position, images):
    """Input pixels whose gradient of the output pixel (summed over channels) is non-zero for some image."""
    probe = keras.Model(model.inputs[0], model.get_layer(layer).output)
    x = tf.convert_to_tensor(images)
    with tf.GradientTape() as tape:
        tape.watch(x)
        output = probe(x, training=False)
        picked = output[:, position[0], position[1], :] if position is not None else output
        total = tf.reduce_sum(picked)
    gradient = tape.gradient(total, x).numpy()
    return np.abs(gradient).max(axis=(0, 3)) > 0


def bounding_box(mask):
    rows, columns = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return range(rows[0], rows[-1] + 1), range(columns[0], columns[-1] + 1)


def rectangle(shape, window):
    mask = np.zeros(shape, bool)
    mask[window.rows.start : window.rows.stop, window.columns.start : window.columns.stop] = True
    return mask


def random_images(shape, count=6, seed=0):
    return np.random.default_rng(seed).random((count, *shape), dtype=np.float32)


def conv(name, kernel=3, strides=1, padding="same", dilation=1):
    return keras.layers.Conv2D(
        2,
        kernel,
        strides=strides,
        padding=padding,
        dilation_rate=dilation,
        kernel_initializer=keras.initializers.RandomNormal(seed=len(name) + kernel),
        bias_initializer="zeros",
        name=name,
    )


def chain(size, *layers):
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((*size, 1)), *layers])


# Linear layers and average pooling: the gradient is non-zero on the whole clipped window.
LINEAR_MODELS = {
    "same, stride 1": lambda: chain((12, 12), conv("c", 3)),
    # stride 2 on an even size: Keras puts the single padded pixel after, none before
    "same, stride 2, even size": lambda: chain((12, 12), conv("c", 3, 2)),
    "same, stride 2, odd size": lambda: chain((11, 11), conv("c", 3, 2)),
    "same, even kernel": lambda: chain((10, 10), conv("c", 4)),
    "same, even kernel, stride 2": lambda: chain((13, 9), conv("c", 4, 2)),
    "valid, stride 3": lambda: chain((14, 14), conv("c", 3, 3, "valid")),
    "average pool, same": lambda: chain(
        (12, 12),
        conv("a", 3),
        keras.layers.AveragePooling2D(3, 2, padding="same", name="pool"),
        conv("c", 3),
    ),
    # the valid pooling drops row 12, and the padding of "c" reaches no image pixel
    "valid pool drops a row": lambda: chain(
        (13, 13), keras.layers.AveragePooling2D(2, name="pool"), conv("c", 3)
    ),
    "zero padding and cropping": lambda: chain(
        (10, 10),
        keras.layers.ZeroPadding2D(((2, 0), (1, 3)), name="pad"),
        conv("a", 3, padding="valid"),
        keras.layers.Cropping2D(((1, 0), (0, 2)), name="crop"),
        conv("c", 3, 2),
    ),
}


def output_pixels(model, layer):
    height, width = model.get_layer(layer).output.shape[1:3]
    rows = sorted({0, 1, height // 2, height - 1})
    columns = sorted({0, width // 2, width - 2, width - 1})
    return [(r, c) for r in rows for c in columns if 0 <= c < width]


@pytest.mark.parametrize("name", list(LINEAR_MODELS))
def test_field_is_the_gradient_support_of_linear_models(name):
    """Every pixel of the clipped window, and no other, can change the output pixel."""
    model = LINEAR_MODELS[name]()
    images = random_images(model.inputs[0].shape[1:], count=1)
    for position in output_pixels(model, "c"):
        window = receptive.field(model, "c", position)
        support = gradient_support(model, "c", position, images)
        np.testing.assert_array_equal(support, rectangle(support.shape, window), err_msg=str(position))


def test_same_padding_at_stride_2_falls_after():
    """12 pixels, 3x3 kernel, stride 2: 6 outputs need 13 pixels, and the extra one is after."""
    model = LINEAR_MODELS["same, stride 2, even size"]()
    first, last = receptive.field(model, "c", (0, 0)), receptive.field(model, "c", (5, 5))
    assert first.unclipped_rows == range(0, 3) and first.padding == ((0, 0), (0, 0))
    assert last.unclipped_rows == range(10, 13) and last.padding == ((0, 1), (0, 1))
    assert last.rows == range(10, 12)


def test_intermediate_padding_reaches_no_image_pixel():
    """After a valid pool drops row 12, the recursion's window still ends at row 13."""
    model = LINEAR_MODELS["valid pool drops a row"]()
    window = receptive.field(model, "c", (5, 5))
    assert window.unclipped_rows == range(8, 14)
    assert window.rows == range(8, 12)


@pytest.mark.parametrize("name", list(LINEAR_MODELS))
def test_unclipped_window_follows_the_recursion(name):
    """start_L + o * j_L to start_L + o * j_L + r_L - 1, with r, j and start from recursion()."""
    model = LINEAR_MODELS[name]()
    last = receptive.recursion(model, "c")[-1]
    for position in output_pixels(model, "c"):
        first_row = last["start"] + position[0] * last["jump"]
        assert receptive.field(model, "c", position).unclipped_rows == range(
            first_row, first_row + last["size"]
        )


def test_max_pooling_and_dilation_bound_the_gradient_support():
    """Max pooling picks one pixel per window and dilation leaves gaps: the support's box is the field."""
    model = chain(
        (16, 16),
        conv("a", 3),
        keras.layers.MaxPooling2D(3, 2, padding="same", name="pool"),
        conv("c", 3, dilation=2),
    )
    images = random_images((16, 16, 1), count=24)
    for position in output_pixels(model, "c"):
        window = receptive.field(model, "c", position)
        support = gradient_support(model, "c", position, images)
        assert bounding_box(support) == (window.rows, window.columns), position


@pytest.fixture(scope="module")
def shipped():
    return filterviz.model.load("cifar10_cnn")


@pytest.mark.parametrize("depth", [1, 2, 3, 4])
def test_shipped_model_field_is_the_gradient_box(shipped, depth):
    """On the trained network (ReLU, max pooling) the support's box is the clipped window."""
    images, _, _ = filterviz.sample_images("cifar10", n=10)
    layer = filterviz.model.conv_layer(shipped, depth).name
    for position in output_pixels(shipped, layer):
        window = receptive.field(shipped, depth, position)
        support = gradient_support(shipped, layer, position, images)
        assert bounding_box(support) == (window.rows, window.columns), position


def test_shipped_depth_4_field_of_output_1_1(shipped):
    """Output (1, 1) of conv4 reaches rows 0-30; 7 of its 38 rows fall in the padding above."""
    window = receptive.field(shipped, 4, (1, 1))
    assert window.unclipped_rows == range(-7, 31)
    assert window.rows == range(0, 31)
    assert window.padding == ((7, 0), (7, 0))


def test_no_depth_4_output_sees_all_32_rows(shipped):
    assert max(len(receptive.field(shipped, 4, (row, 0)).rows) for row in range(4)) == 31


def test_shipped_depth_2_field_of_output_8_8(shipped):
    window = receptive.field(shipped, 2, (8, 8))
    assert window.rows == range(13, 21) and window.columns == range(13, 21)
    assert window.padding == ((0, 0), (0, 0))


def test_shipped_recursion_sizes_and_starts(shipped):
    steps = receptive.recursion(shipped, 4)
    assert [step["size"] for step in steps] == [3, 4, 8, 10, 18, 22, 38]
    assert [step["jump"] for step in steps] == [1, 2, 2, 4, 4, 8, 8]
    assert [step["start"] for step in steps] == [-1, -1, -3, -3, -7, -7, -15]


def test_center_is_the_middle_output_pixel(shipped):
    assert receptive.field(shipped, 3, "center").position == (4, 4)


def branching_model():
    """A 1x1 branch and a stride-2 5x5 branch joined by Add after a pool, then a nested model."""
    keras.utils.set_random_seed(0)
    inputs = keras.Input((16, 16, 1))
    x = conv("stem", 3)(inputs)
    narrow = keras.layers.AveragePooling2D(2, name="pool")(conv("narrow", 1)(x))
    wide = conv("wide", 5, 2)(x)
    joined = keras.layers.Add(name="join")([narrow, wide])
    inner = keras.Sequential(
        [keras.Input((8, 8, 2)), conv("inner_conv", 3, padding="valid")], name="inner"
    )
    nested = inner(joined)
    out = conv("c", 3)(nested)
    return keras.Model(inputs, out, name="branching")


def test_branching_and_nested_model_field_is_the_gradient_support():
    """The field of a branching model is the widest path's, traced through the nested model."""
    model = branching_model()
    images = random_images((16, 16, 1), count=1)
    for position in output_pixels(model, "c"):
        window = receptive.field(model, "c", position)
        support = gradient_support(model, "c", position, images)
        np.testing.assert_array_equal(support, rectangle(support.shape, window), err_msg=str(position))


def test_branching_field_takes_the_wider_path():
    model = branching_model()
    # Path through "wide": stem (3) -> 5x5 stride 2 -> 3x3 valid -> 3x3 same
    assert filterviz.model.receptive_field(model, "wide") == 7
    assert filterviz.model.receptive_field(model, "narrow") == 3
    assert filterviz.model.receptive_field(model, "c") == 7 + 2 * 2 + 2 * 2


def test_squeeze_and_excitation_sees_the_whole_input():
    """A global-pooling branch multiplied back into the maps makes every output see every pixel."""
    keras.utils.set_random_seed(0)
    inputs = keras.Input((10, 10, 1))
    x = conv("a", 3)(inputs)
    scale = keras.layers.Dense(2, name="dense")(keras.layers.GlobalAveragePooling2D(name="gap")(x))
    scale = keras.layers.Reshape((1, 1, 2), name="reshape")(scale)
    out = keras.layers.Multiply(name="c")([x, scale])
    model = keras.Model(inputs, out)
    window = receptive.field(model, "c", (0, 0))
    assert window.rows == range(10) and window.columns == range(10)
    support = gradient_support(model, "c", (0, 0), random_images((10, 10, 1), count=2))
    assert support.all()


def test_global_pooling_and_dense_outputs_see_the_whole_input():
    model = chain(
        (9, 7),
        conv("a", 3),
        keras.layers.GlobalAveragePooling2D(name="gap"),
        keras.layers.Dense(3, name="dense"),
    )
    for layer in ("gap", "dense"):
        window = receptive.field(model, layer, None)
        assert (window.rows, window.columns) == (range(9), range(7))
        assert gradient_support(model, layer, None, random_images((9, 7, 1), count=1)).all()


def test_recursion_refuses_a_branching_model():
    with raises_naming(ValueError, "layer", "'join'", "2 inputs"):
        receptive.recursion(branching_model(), "c")


# Bad input: one test each, checking the type and that the message names the argument.


@pytest.mark.parametrize("position", [(6, 0), (0, -1), (1,), (0.5, 1), (True, 0), "middle"])
def test_bad_position(position):
    with raises_naming(ValueError, "position", repr(position)):
        receptive.field(LINEAR_MODELS["same, stride 2, even size"](), "c", position)


def test_position_given_for_a_layer_without_image_axes():
    model = chain((8, 8), conv("a", 3), keras.layers.GlobalMaxPooling2D(name="gap"))
    with raises_naming(ValueError, "position", "'gap'"):
        receptive.field(model, "gap", (0, 0))


def test_not_a_model():
    with raises_naming(TypeError, "model", "str"):
        receptive.field("cifar10_cnn", 1, (0, 0))


def test_missing_layer():
    with raises_naming(ValueError, "layer", "'nope'"):
        receptive.field(LINEAR_MODELS["same, stride 1"](), "nope", (0, 0))


def test_upsampling_cannot_be_traced():
    model = chain((6, 6), keras.layers.UpSampling2D(name="up"), conv("c", 3))
    with raises_naming(ValueError, "layer", "UpSampling2D"):
        receptive.field(model, "c", (0, 0))


def test_transposed_convolution_cannot_be_traced():
    model = chain((6, 6), keras.layers.Conv2DTranspose(1, 3, strides=2, name="up"), conv("c", 3))
    with raises_naming(ValueError, "layer", "Conv2DTranspose"):
        receptive.field(model, "c", (0, 0))


def test_variable_input_size():
    model = keras.Sequential([keras.Input((None, None, 1)), conv("c", 3)])
    with raises_naming(ValueError, "tensor", "fixed image sizes", "(None, None, None, 2)"):
        receptive.field(model, "c", (0, 0))


# The figure: filterviz.plot.receptive_field with a field.


@pytest.fixture
def close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def test_plot_draws_the_clipped_window_and_the_padding_side(shipped, close_figures):
    """Depth 4, output (2, 2): a solid box on rows and columns 1-31, hatched padding after."""
    images, _, _ = filterviz.sample_images("cifar10", n=1)
    window = receptive.field(shipped, 4, (2, 2))
    ax = filterviz.plot.receptive_field(images[0], window)
    hatched, dashed, solid = ax.patches
    assert hatched.get_hatch() == "///" and dashed.get_linestyle() == "--"
    assert (solid.get_x(), solid.get_y(), solid.get_width(), solid.get_height()) == (0.5, 0.5, 31, 31)
    assert (dashed.get_x(), dashed.get_width()) == (0.5, 38)
    assert ax.get_yticks().tolist() == [1, 31]
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["image rows 1–31, columns 1–31", "zero padding: 7 below, 7 right"]


def test_plot_without_padding_draws_one_box(shipped, close_figures):
    images, _, _ = filterviz.sample_images("cifar10", n=1)
    ax = filterviz.plot.receptive_field(images[0], receptive.field(shipped, 2, (8, 8)))
    [solid] = ax.patches
    assert (solid.get_x(), solid.get_y(), solid.get_width()) == (12.5, 12.5, 8)


def test_plot_refuses_a_center_with_a_field(shipped, close_figures):
    images, _, _ = filterviz.sample_images("cifar10", n=1)
    with raises_naming(ValueError, "center", "(1, 1)"):
        filterviz.plot.receptive_field(images[0], receptive.field(shipped, 2, (8, 8)), center=(1, 1))


def test_activation_maximisation_at_one_pixel_moves_exactly_its_field():
    """Without jitter or penalties, the ascent changes the field's pixels and no others."""
    model = LINEAR_MODELS["average pool, same"]()
    for position in [(0, 5), (5, 5)]:
        window = receptive.field(model, "c", position)
        settings = dict(filters=[0], jitter=0, l2=0.0, tv=0.0, position=position)
        moved_image = filterviz.model.maximize_activation(model, "c", steps=3, **settings)
        start = filterviz.model.maximize_activation(
            model, "c", steps=1, learning_rate=0.0, **settings
        )
        moved = np.abs(moved_image - start)[0].max(axis=2) > 0
        np.testing.assert_array_equal(moved, rectangle(moved.shape, window), err_msg=str(position))


def test_recursion_refuses_a_layer_inside_a_nested_model():
    inner = keras.Sequential([keras.Input((8, 8, 1)), conv("inner_conv", 3)], name="inner")
    model = keras.Sequential([keras.Input((8, 8, 1)), conv("stem", 3), inner])
    assert receptive.field(model, "inner/inner_conv", (0, 0)).rows == range(0, 3)
    with pytest.raises(ValueError, match="inner_conv") as error:
        receptive.recursion(model, "inner/inner_conv")
    assert "field" in str(error.value)


def test_crop_cuts_the_whole_window_padding_filled(shipped):
    images = random_images((32, 32, 3), count=2)
    corner = receptive.field(shipped, 2, (0, 0))
    cut = receptive.crop(images, corner, fill=-1.0)
    assert cut.shape == (2, *corner.size, 3)
    (top, _), (left, _) = corner.padding
    assert np.all(cut[:, :top] == -1.0) and np.all(cut[:, :, :left] == -1.0)
    np.testing.assert_array_equal(
        cut[:, top:, left:], images[:, : len(corner.rows), : len(corner.columns)]
    )
    np.testing.assert_array_equal(receptive.crop(images[1], corner, fill=-1.0), cut[1])


@pytest.mark.parametrize("images", [np.zeros((4, 4)), np.zeros((1, 1, 4, 4, 1))])
def test_crop_bad_images(shipped, images):
    with pytest.raises(ValueError, match="images"):
        receptive.crop(images, receptive.field(shipped, 1, (0, 0)))
