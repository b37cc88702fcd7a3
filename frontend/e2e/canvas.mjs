// Finding what ECharts drew by its colour: a chart is one canvas, with no
// element to click, so the browser tests read its pixels and click where a
// bar, a cluster or a pin of a colour is.

/**
 * The page position of the middle of the tallest vertical run of pixels of
 * colour hex in the canvas (leaving out the bottom `skip` CSS pixels, where
 * the legend is), and the run's height in CSS pixels.
 */
export async function findColour(canvas, hex, skip = 0, opacity = 1) {
  return canvas.evaluate(
    (c, [hex, skip, opacity]) => {
      // Drawn at this opacity over white.
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) * opacity + 255 * (1 - opacity));
      const ctx = c.getContext('2d');
      const { width, height } = c;
      const scale = width / c.clientWidth;
      const px = ctx.getImageData(0, 0, width, height).data;
      const limit = height - skip * scale;
      let best = { run: 0, x: 0, y: 0 };
      for (let x = 0; x < width; x++) {
        let run = 0;
        for (let y = 0; y < limit; y++) {
          const i = (y * width + x) * 4;
          const hit = Math.abs(px[i] - want[0]) + Math.abs(px[i + 1] - want[1]) + Math.abs(px[i + 2] - want[2]) <= 9 && px[i + 3] > 250;
          run = hit ? run + 1 : 0;
          if (run > best.run) best = { run, x, y: y - run / 2 };
        }
      }
      const r = c.getBoundingClientRect();
      return { x: r.left + best.x / scale, y: r.top + best.y / scale, run: best.run / scale };
    },
    [hex, skip, opacity],
  );
}

/**
 * Every blob of colour hex drawn in the canvas (4-connected pixels within a
 * small tolerance, drawn opaque), leaving out the bottom `skip` CSS pixels
 * (the legend): each blob's middle in page coordinates and its width and
 * height in CSS pixels, biggest first. A numbered cluster is one blob (a
 * ring around its number), a pin a small one.
 */
export async function findBlobs(canvas, hex, skip = 0) {
  return canvas.evaluate(
    (c, [hex, skip]) => {
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const ctx = c.getContext('2d');
      const { width, height } = c;
      const scale = width / c.clientWidth;
      const px = ctx.getImageData(0, 0, width, height).data;
      const limit = Math.floor(height - skip * scale);
      const hit = (i) =>
        Math.abs(px[i * 4] - want[0]) + Math.abs(px[i * 4 + 1] - want[1]) + Math.abs(px[i * 4 + 2] - want[2]) <= 12 && px[i * 4 + 3] > 250;
      const seen = new Uint8Array(width * limit);
      const blobs = [];
      for (let start = 0; start < width * limit; start++) {
        if (seen[start] || !hit(start)) continue;
        let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1, n = 0;
        const stack = [start];
        seen[start] = 1;
        while (stack.length) {
          const i = stack.pop();
          const x = i % width, y = (i - x) / width;
          n++;
          x0 = Math.min(x0, x), x1 = Math.max(x1, x), y0 = Math.min(y0, y), y1 = Math.max(y1, y);
          for (const j of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < limit - 1 ? i + width : -1]) {
            if (j >= 0 && !seen[j] && hit(j)) {
              seen[j] = 1;
              stack.push(j);
            }
          }
        }
        if (n >= 4) blobs.push({ x0, y0, x1, y1, n });
      }
      const r = c.getBoundingClientRect();
      return blobs
        .map((b) => ({
          x: r.left + (b.x0 + b.x1 + 1) / 2 / scale,
          y: r.top + (b.y0 + b.y1 + 1) / 2 / scale,
          width: (b.x1 - b.x0 + 1) / scale,
          height: (b.y1 - b.y0 + 1) / scale,
        }))
        .sort((a, b) => b.width * b.height - a.width * a.height);
    },
    [hex, skip],
  );
}
