/**
 * The data stage: named Float64Array columns from CSV text, CSV files and `name=1,2,3` flags, checked for
 * shape and for numbers that are really numbers. Input is user text; output is columns of finite doubles of
 * equal length, or a DataError that says where the problem is.
 */
export { checkColumns } from "./checkColumns.js";
export {
  type ArrayValue,
  type Column,
  type DataFlag,
  parseColumnFlag,
  parseDataFlag,
  readArray,
} from "./columnFlag.js";
export { type CsvOptions, CsvReader, type CsvReaderOptions, readCsv } from "./csv.js";
export { readCsvFile } from "./csvFile.js";
export { DataError, type DataLocation } from "./dataError.js";
export { readNumber } from "./decimal.js";
