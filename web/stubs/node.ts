/**
 * What the page's bundle gets for `node:fs/promises`, `node:os` and `node:path`: the library imports them for
 * reading files (CSV and program files on disk, sized to the machine's memory), which a browser cannot do.
 * The page gives text, never paths, so these are never called; if one were, it would say why.
 */
const unavailable = (name: string) => () => {
  throw new Error(`${name} is not available in the browser; give the file's text instead`);
};

export const readFile = unavailable("readFile");
export const open = unavailable("open");
export const totalmem = unavailable("totalmem");
export const dirname = unavailable("dirname");
export const resolve = unavailable("resolve");
