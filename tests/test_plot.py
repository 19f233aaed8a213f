import matplotlib.figure
import matplotlib.pyplot as plt
import numpy as np
import pytest
from error_checks import raises_naming

import filterviz
from filterviz import plot

IMAGES, LABELS, NAMES = filterviz.sample_images(n=4)


def test_kernel_writes_each_weight_and_centres_the_colours_on_zero():
    ax = plot.kernel(filterviz.kernels.SOBEL_X, title="Sobel x")
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["-1", "0", "1", "-2", "0", "2", "-1", "0", "1"]
    image = ax.images[0]
    assert image.norm.vmin == -image.norm.vmax == -2
    assert image.get_cmap().name == plot.DIVERGING
    assert ax.get_title() == "Sobel x"


def test_kernel_draws_into_the_given_axes():
    fig, ax = plt.subplots()
    assert plot.kernel(filterviz.kernels.DIAGONAL, ax=ax) is ax


def test_kernel_fractions_are_readable():
    texts = [t.get_text() for t in plot.kernel(filterviz.kernels.BOX_BLUR).texts]
    assert texts == ["0.11"] * 9


def test_kernel_refuses_a_colour_kernel():
    with raises_naming(ValueError, "weights", "(3, 3, 3)"):
        plot.kernel(filterviz.kernels.RED_GREEN)


def test_kernels_share_one_scale():
    fig = plot.kernels([filterviz.kernels.DIAGONAL, filterviz.kernels.SOBEL_X], titles=["a", "b"])
    limits = {ax.images[0].norm.vmax for ax in fig.axes}
    assert limits == {2.0}


def test_kernels_default_grid_keeps_numbers_readable():
    """Up to four 3×3 kernels a row, two larger ones; one page width at most."""
    small = plot.kernels([filterviz.kernels.DIAGONAL] * 6)
    assert len({round(ax.get_position().x0, 6) for ax in small.axes}) == 4
    large = plot.kernels([np.ones((5, 5))] * 4)
    assert len({round(ax.get_position().x0, 6) for ax in large.axes}) == 2
    assert max(small.get_figwidth(), large.get_figwidth()) <= plot.PAGE_WIDTH + 1e-9


def test_kernel_numbers_shrink_to_fit_their_cells():
    three = plot.kernel(filterviz.kernels.DIAGONAL).texts[0].get_fontsize()
    seven = plot.kernel(np.full((7, 7), -0.25)).texts[0].get_fontsize()
    assert three == plot.CELL_FONT_SIZE
    assert 4 < seven < three


def test_kernels_titles_must_match():
    with raises_naming(ValueError, "titles", "got 1"):
        plot.kernels([filterviz.kernels.DIAGONAL, filterviz.kernels.SOBEL_X], titles=["a"])


def test_kernel_channels_one_panel_per_channel():
    fig = plot.kernel_channels(filterviz.kernels.RED_GREEN, title="red-green")
    assert [ax.get_title() for ax in fig.axes] == ["R", "G", "B"]
    assert fig.get_suptitle() == "red-green"


def test_images_ten_make_two_rows_of_five_by_default():
    images, labels, names = filterviz.sample_images(n=10)
    fig = plot.images(images, labels, names)
    assert len({round(ax.get_position().x0, 6) for ax in fig.axes}) == 5


def test_images_grid_with_class_names():
    fig = plot.images(IMAGES, LABELS, NAMES, ncols=2)
    assert len(fig.axes) == 4
    assert [ax.get_title() for ax in fig.axes] == ["cat", "ship", "ship", "airplane"]


def test_images_refuses_values_outside_unit_range():
    with raises_naming(ValueError, "batch", "to 2"):
        plot.images(IMAGES * 2)


def test_filtered_layout_puts_each_output_below_its_image():
    outputs = filterviz.conv.filter_images(IMAGES, ["box_blur", "sobel_x"], engine="numpy")
    fig = plot.filtered(IMAGES, outputs, ["blur", "sobel x"], LABELS, NAMES, title="t")
    image_axes = [ax for ax in fig.axes if ax.images and ax.get_label() != "<colorbar>"]
    assert len(image_axes) == 4 * 3  # originals plus two rows
    originals, blur_row, sobel_row = image_axes[:4], image_axes[4:8], image_axes[8:12]
    for row in (blur_row, sobel_row):
        for image_ax, output_ax in zip(originals, row, strict=True):
            assert output_ax.get_position().x0 == pytest.approx(image_ax.get_position().x0)
            assert output_ax.get_position().y1 < image_ax.get_position().y0
    assert [ax.get_title() for ax in originals] == ["cat", "ship", "ship", "airplane"]
    # one heading per output, then the figure title
    assert [t.get_text() for t in fig.texts] == ["blur", "sobel x", "t"]
    assert len(fig.axes) == 12 + 2  # two colour bars
    assert fig.get_suptitle() == "t"


def test_filtered_ten_images_make_two_rows_of_five():
    images, labels, names = filterviz.sample_images(n=10)
    outputs = filterviz.conv.filter_images(images, "diagonal", engine="numpy")
    fig = plot.filtered(images, outputs, ["diagonal"], labels, names, colorbar=False)
    lefts = sorted({round(ax.get_position().x0, 6) for ax in fig.axes})
    bottoms = sorted({round(ax.get_position().y0, 6) for ax in fig.axes})
    assert len(lefts) == 5 and len(bottoms) == 4  # 2 rows of originals, 2 of outputs
    assert fig.get_figwidth() <= plot.PAGE_WIDTH + 1e-9


def test_filtered_never_negative_outputs_are_grey_from_zero():
    outputs = filterviz.conv.filter_images(IMAGES, ["box_blur"], engine="numpy")
    fig = plot.filtered(IMAGES, outputs)
    row = [ax for ax in fig.axes[4:8]]
    assert {ax.images[0].get_cmap().name for ax in row} == {plot.SEQUENTIAL}
    assert row[0].images[0].norm.vmin == 0


def test_filtered_one_signed_output_puts_every_row_on_the_diverging_map():
    """One colour meaning per figure: zero is white in every row, not black in some."""
    outputs = filterviz.conv.filter_images(IMAGES, ["box_blur", "sobel_x"], engine="numpy")
    fig = plot.filtered(IMAGES, outputs, ["blur", "sobel x"])
    blur_row, sobel_row = fig.axes[4:8], fig.axes[8:12]
    assert {ax.images[0].get_cmap().name for ax in blur_row + sobel_row} == {plot.DIVERGING}
    blur, sobel = blur_row[0].images[0].norm, sobel_row[0].images[0].norm
    assert -blur.vmin == blur.vmax == pytest.approx(outputs[..., 0].max())
    assert -sobel.vmin == sobel.vmax == pytest.approx(np.abs(outputs[..., 1]).max())


def test_filtered_shared_scale_gives_every_row_one_scale_and_one_colour_bar():
    outputs = filterviz.conv.filter_images(IMAGES, ["box_blur", "sobel_x"], engine="numpy")
    fig = plot.filtered(IMAGES, outputs, shared_scale=True)
    limits = {(ax.images[0].norm.vmin, ax.images[0].norm.vmax) for ax in fig.axes[4:12]}
    largest = float(np.abs(outputs).max())
    assert len(limits) == 1
    assert limits.pop() == pytest.approx((-largest, largest))
    assert len(fig.axes) == 12 + 1


def test_filtered_forwards_keywords_to_imshow():
    outputs = filterviz.conv.filter_images(IMAGES, ["sobel_x"], engine="numpy")
    fig = plot.filtered(IMAGES, outputs, cmap="PuOr", colorbar=False)
    assert fig.axes[4].images[0].get_cmap().name == "PuOr"
    assert fig.axes[0].images[0].get_cmap().name != "PuOr"  # not the originals


def test_filtered_bad_ncols():
    outputs = filterviz.conv.filter_images(IMAGES, ["sobel_x"], engine="numpy")
    with raises_naming(ValueError, "ncols", "got 0"):
        plot.filtered(IMAGES, outputs, ncols=0)


def test_filtered_needs_one_output_per_image():
    outputs = filterviz.conv.filter_images(IMAGES[:2], "diagonal", engine="numpy")
    with raises_naming(ValueError, "outputs", "got 2"):
        plot.filtered(IMAGES, outputs)


def test_filtered_names_must_match_channels():
    outputs = filterviz.conv.filter_images(IMAGES, "diagonal", engine="numpy")
    with raises_naming(ValueError, "output_names", "got 2"):
        plot.filtered(IMAGES, outputs, ["a", "b"])


def test_feature_maps_panels():
    fig = plot.feature_maps(np.random.default_rng(0).random((6, 6, 40)), ncols=8, max_maps=10)
    assert len(fig.axes) == 10 + 1  # ten panels and the colour bar
    assert fig.axes[3].get_title() == "3"


def test_feature_maps_share_one_scale_shown_by_a_colour_bar():
    maps = np.zeros((4, 4, 3))
    maps[..., 0], maps[..., 1], maps[..., 2] = 1.0, 4.0, 0.5  # filter 1 answers most
    fig = plot.feature_maps(maps, ncols=3)
    panels = fig.axes[:3]
    assert [ax.images[0].get_clim() for ax in panels] == [(0.0, 4.0)] * 3
    bar = fig.axes[3]
    assert bar.get_ylabel() == "response" and bar.get_ylim() == (0.0, 4.0)


def test_feature_maps_each_on_its_own_scale():
    maps = np.zeros((4, 4, 2))
    maps[0, 0, 0], maps[0, 0, 1] = 1.0, 4.0
    fig = plot.feature_maps(maps, ncols=2, scale="each")
    assert len(fig.axes) == 2  # no colour bar: the scales differ
    assert [ax.images[0].get_clim() for ax in fig.axes] == [(0.0, 1.0), (0.0, 4.0)]


def test_feature_maps_bad_scale():
    with raises_naming(ValueError, "scale", "'all'"):
        plot.feature_maps(np.zeros((4, 4, 2)), scale="all")


def test_feature_maps_needs_one_image():
    with raises_naming(ValueError, "maps", "(2, 6, 6, 4)"):
        plot.feature_maps(np.zeros((2, 6, 6, 4)))


def test_filters_rgb_patches():
    weights = filterviz.kernels.to_conv_weights(["diagonal", "red_green", "sobel_x"])
    fig = plot.filters_rgb(weights, titles=["d", "rg", "s"])
    assert [ax.get_title() for ax in fig.axes] == ["d", "rg", "s"]
    patch = fig.axes[1].images[0].get_array()
    assert patch.min() >= 0 and patch.max() <= 1
    # red_green: positive red, negative green at the centre
    assert patch[1, 1, 0] == pytest.approx(1.0) and patch[1, 1, 1] == pytest.approx(0.0)


def test_filters_rgb_needs_three_channels():
    with raises_naming(ValueError, "weights", "(3, 3, 1, 2)"):
        plot.filters_rgb(np.ones((3, 3, 1, 2)))


def test_fig_argument_must_be_a_figure():
    with raises_naming(TypeError, "fig", "Axes"):
        plot.images(IMAGES, fig=plt.subplots()[1])


def test_functions_draw_into_a_given_figure():
    fig = matplotlib.figure.Figure()
    assert plot.images(IMAGES, fig=fig) is fig


def test_receptive_field_square_is_centred_and_sized():
    ax = plot.receptive_field(IMAGES[0], 8, center=(10, 20))
    [square] = ax.patches
    assert (square.get_x(), square.get_y()) == (20 - 3.5 - 0.5, 10 - 3.5 - 0.5)
    assert square.get_width() == square.get_height() == 8
    assert square.get_linestyle() == "-"


def test_receptive_field_larger_than_the_image_is_dashed():
    ax = plot.receptive_field(IMAGES[0], 38)
    assert ax.patches[0].get_linestyle() == "--"
    assert ax.get_xlim()[0] < -3  # the view widens to show the padding


def test_receptive_field_bad_size():
    with raises_naming(ValueError, "size", "got 0"):
        plot.receptive_field(IMAGES[0], 0)


def test_input_weights_sums_absolute_weights_per_slice():
    weights = np.zeros((3, 3, 2, 3))
    weights[:, :, 1, 0] = -1.0  # filter 0 listens only to channel 1
    weights[0, 0, 0, 2] = 0.5
    ax = plot.input_weights(weights)
    np.testing.assert_array_equal(ax.images[0].get_array(), [[0, 9], [0, 0], [0.5, 0]])


def test_input_weights_needs_conv_layout():
    with raises_naming(ValueError, "weights", "(3, 3)"):
        plot.input_weights(np.ones((3, 3)))


def test_top_patches_draws_a_row_per_filter_enlarged_without_smoothing():
    patterns = np.full((2, 3, 3, 3), 0.5, np.float32)
    patches = np.zeros((2, 9, 3, 3, 3), np.float32)
    patches[1, 0, 0, 0] = 1.0  # one white pixel in the strongest patch of the second filter
    values = np.arange(18, 0, -1, dtype=np.float32).reshape(2, 9)
    fig = plot.top_patches(patterns, patches, [4, 7], values=values, title="top")
    assert len(fig.axes) == 2 * 2  # per row: the pattern, and the nine patches as one image
    assert [fig.axes[i].get_ylabel() for i in (0, 2)] == ["filter 4", "filter 7"]
    assert [text.get_text() for text in fig.axes[3].texts[:3]] == ["9", "8", "7"]
    assert not fig.axes[0].texts and all(not ax.get_title() for ax in fig.axes)
    shown = fig.axes[3].images[0]
    assert shown.get_interpolation() == "nearest"
    array = np.asarray(shown.get_array())
    gap = round(0.15 * 48)
    assert array.shape == (48, 9 * 48 + 8 * gap, 4)  # each pixel repeated 16 times each way
    np.testing.assert_array_equal(array[:16, :16, :3], 1.0)  # the white pixel, patch 0
    np.testing.assert_array_equal(array[16:48, :48, :3], 0.0)
    np.testing.assert_array_equal(array[:, :48, 3], 1.0)  # patches opaque
    np.testing.assert_array_equal(array[:, 48 : 48 + gap, 3], 0.0)  # gaps transparent
    assert fig.get_suptitle() == "top"


def test_top_patches_needs_one_row_of_patches_per_pattern():
    with pytest.raises(ValueError, match=r"patches must have shape .* 2 filters"):
        plot.top_patches(np.zeros((2, 3, 3, 3)), np.zeros((3, 9, 3, 3, 3)), [0, 1])
    with pytest.raises(ValueError, match=r"filters must have one entry per pattern \(2\); got 1"):
        plot.top_patches(np.zeros((2, 3, 3, 3)), np.zeros((2, 9, 3, 3, 3)), [0])
    with pytest.raises(ValueError, match=r"values must have shape \(2, 9\)"):
        plot.top_patches(np.zeros((2, 3, 3, 3)), np.zeros((2, 9, 3, 3, 3)), [0, 1], np.zeros(9))
    with pytest.raises(ValueError, match=r"patches must lie in \[0, 1\]"):
        plot.top_patches(np.zeros((2, 3, 3, 3)), np.full((2, 9, 3, 3, 3), 2.0), [0, 1])
