/* Gallery figures open full size on a click (issue 9, point 4).

   sphinx-gallery shows each figure at the width of the page column and lists a
   sharper copy in the image's srcset ("..._2_00x.png 2.00x"). This wraps every
   gallery figure (and every notebook output image) in a link to the largest
   file it lists, so that a click, or Enter on the focused link, opens the
   figure at full size: on a phone, where a page-wide figure is shrunk to 358
   pixels, that is how its labels become readable. Nothing is fetched from
   elsewhere; without JavaScript the figures are simply not links. */
(function () {
  "use strict";

  // The file with the largest "Nx" descriptor in a srcset, or the src itself.
  function largestSource(image) {
    var best = image.getAttribute("src");
    var bestScale = 1;
    (image.getAttribute("srcset") || "").split(",").forEach(function (entry) {
      var parts = entry.trim().split(/\s+/);
      if (parts.length < 1 || !parts[0]) {
        return;
      }
      var scale = parts.length > 1 ? parseFloat(parts[1]) : 1;
      if (scale > bestScale) {
        best = parts[0];
        bestScale = scale;
      }
    });
    return best;
  }

  function wrap(image) {
    if (image.closest("a")) {
      return; // already a link (a gallery thumbnail, a linked image)
    }
    var link = document.createElement("a");
    link.href = largestSource(image);
    link.className = "fv-figure-link";
    var what = (image.getAttribute("alt") || "").trim();
    var name = "Open the figure full size" + (what ? ": " + what : "");
    link.setAttribute("aria-label", name);
    link.title = "Open the figure full size";
    image.parentNode.insertBefore(link, image);
    link.appendChild(image);
  }

  function wrapAll() {
    document
      .querySelectorAll(
        ".bd-content img.sphx-glr-single-img, .bd-content img.sphx-glr-multi-img," +
          " .bd-content div.cell_output img"
      )
      .forEach(wrap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wrapAll);
  } else {
    wrapAll();
  }
})();
