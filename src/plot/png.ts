/**
 * SVG text → PNG bytes with resvg (Rust, no browser, no canvas), for `--png` output and reports. resvg is a
 * native module and is imported only when a PNG is asked for. Text uses the installed system fonts; the
 * plots name font lists (see render.ts) so that some installed sans-serif face is found on any system.
 */

/** Rasterises `svg`; `width` in pixels scales the image (height follows), default is the SVG's own size. */
export async function svgToPng(svg: string, width?: number): Promise<Uint8Array> {
  const { Resvg } = await import("@resvg/resvg-js");
  const fitTo =
    width === undefined ? { mode: "original" as const } : { mode: "width" as const, value: width };
  const png = new Resvg(svg, { fitTo, font: { loadSystemFonts: true } }).render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
