/**
 * Records keyed by names the user chose (data columns, parameters). A plain `{}` would take `__proto__` as
 * its prototype and find `constructor` or `toString` on Object.prototype; these records have no prototype,
 * so every name is an ordinary own key. Read them with Object.keys/Object.hasOwn, or as a Map. A leaf module:
 * every stage that keys anything by a user's name uses it.
 */

/** A prototype-free record of `entries`; a later entry of the same name wins. */
export function byName<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const [name, value] of entries) record[name] = value;
  return record;
}

/** Named values given as a Map or as an object's own properties (never inherited ones), as a Map. */
export function namedEntries<T>(
  values: ReadonlyMap<string, T> | Readonly<Record<string, T>>,
): Map<string, T> {
  if (values instanceof Map) return new Map(values);
  return new Map(Object.keys(values).map((name) => [name, (values as Record<string, T>)[name]!]));
}
