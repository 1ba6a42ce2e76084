/**
 * What the page's bundle gets for @resvg/resvg-js, a native module that turns SVG into PNG for the CLI. The
 * page draws SVG itself and never calls it.
 */
export class Resvg {
  constructor() {
    throw new Error("PNG output is not available in the browser");
  }
}
